package dev.landlockstudio.web.audit;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.audit.AuditLog;
import dev.landlockstudio.compiler.audit.Denial;
import dev.landlockstudio.compiler.audit.DenialGroup;
import dev.landlockstudio.compiler.audit.Ignored;
import dev.landlockstudio.compiler.audit.Remedies;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.layers.StackResolver;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.report.Fix;
import dev.landlockstudio.compiler.report.JsonPatch;
import dev.landlockstudio.web.api.ApiParameters;
import dev.landlockstudio.web.api.BadParameter;
import dev.landlockstudio.web.policy.PolicyStore;
import dev.landlockstudio.web.policy.PolicyVersion;
import dev.landlockstudio.web.policy.StoredPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Denials → fix: records read against a saved version, and a group's fix (or quieting) saved as the next version,
 * based on the version the records were read against, so a fix proposed for an older version is refused like any stale save.
 */
@Service
class Audits {

    /** Each group costs a compile and a few evaluations: past this many in one request, the rest is not read. */
    static final int MAX_GROUPS = 1_000;

    private final PolicyStore store;

    Audits(PolicyStore store) {
        this.store = store;
    }

    /** The version {@code version} of the policy, or its latest when null. */
    StoredPolicy version(String name, Integer version) {
        return version == null ? store.latest(name) : store.version(name, ApiParameters.version("version", version));
    }

    AuditReading read(StoredPolicy stored, String records) {
        AuditLog log = AuditLog.read(records);
        List<Denial> read = new ArrayList<>();
        List<Ignored> ignored = new ArrayList<>(log.ignored());
        Set<Denial> groups = new HashSet<>();
        String[] lines = null;
        for (Denial denial : log.denials()) {
            if (groups.size() < MAX_GROUPS || groups.contains(denial.withoutLine())) {
                groups.add(denial.withoutLine());
                read.add(denial);
            } else {
                lines = lines == null ? records.split("\r?\n", -1) : lines;
                ignored.add(new Ignored(denial.line(), "more than " + MAX_GROUPS + " different denials in one reading:"
                        + " this one was not read; send it again with fewer lines", lines[denial.line() - 1]));
            }
        }
        ignored.sort(Comparator.comparingInt(Ignored::line));
        List<DenialGroup> remedies = Remedies.of(StackResolver.alone(PolicyReader.read(stored.document()), "audit"), FsView.empty(), read);
        return new AuditReading(stored.version().name(), stored.version().version(), remedies, log.domains(),
                List.copyOf(ignored));
    }

    /** What a saved change does for a group: grants what was denied, or keeps denying it without logging it. */
    enum Change {
        GRANT, QUIET;

        Fix of(DenialGroup group) {
            return this == GRANT ? group.fix() : group.quiet();
        }
    }

    /**
     * Saves the change of group {@code group} (counted from 0) of the records read against version {@code basedOn}
     * as the next version, with a note that says what it does.
     */
    PolicyVersion save(String name, int basedOn, String records, int group, Change change, String author) {
        StoredPolicy stored = version(name, basedOn);
        List<DenialGroup> groups = read(stored, records).groups();
        if (group < 0 || group >= groups.size()) {
            throw new BadParameter("group", "there " + (groups.size() == 1 ? "is 1 group" : "are " + groups.size() + " groups")
                    + " of denials in these records, counted from 0; " + group + " is none of them");
        }
        DenialGroup chosen = groups.get(group);
        Fix fix = change.of(chosen);
        if (fix == null) {
            throw new BadParameter("group", !chosen.denied() ? "v" + basedOn + " needs no change for " + chosen.access() + ": "
                    + chosen.reason() : change == Change.GRANT ? "no change to one rule of v" + basedOn + " allows "
                    + chosen.access() : "v" + basedOn + " is for ABI " + PolicyReader.read(stored.document()).resolved().abi()
                    + ": quiet sets and rules need ABI " + AbiTable.quietFirstAbi() + " or later");
        }
        String patched = JsonPatch.apply(stored.document(), fix);
        return store.update(PolicyReader.read(patched).document(), basedOn, patched, author, note(fix));
    }

    /** "audit: grant truncate on /pathBeneath/1 (/var/log/app)", cut to a note's length. */
    private static String note(Fix fix) {
        return ApiParameters.fittedNote("audit: " + fix.label());
    }
}
