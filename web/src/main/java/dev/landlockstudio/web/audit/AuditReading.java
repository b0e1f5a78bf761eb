package dev.landlockstudio.web.audit;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.landlockstudio.compiler.audit.DenialGroup;
import dev.landlockstudio.compiler.audit.DomainStatus;
import dev.landlockstudio.compiler.audit.Ignored;
import java.util.List;

/**
 * Denial records read against one saved version of a policy: the groups with what the version lacks and each fix (an
 * RFC 6902 patch against that version), the domains' allocation records, and every line not read, with its reason.
 */
@JsonPropertyOrder({"policy", "version", "groups", "domains", "ignored"})
public record AuditReading(String policy, int version, List<DenialGroup> groups, List<DomainStatus> domains,
                           List<Ignored> ignored) {

    /** Groups denied by this version, which a fix lifts, as opposed to those it already allows. */
    public long deniedGroups() {
        return groups.stream().filter(DenialGroup::denied).count();
    }
}
