package dev.landlockstudio.compiler.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One AUDIT_LANDLOCK_DOMAIN record: a domain allocated (with the program that created it) or deallocated.
 *
 * @param exe  the program that applied the policy, for "allocated"; else null
 * @param comm its command name, for "allocated"; else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"line", "domain", "status", "exe", "comm"})
public record DomainStatus(int line, String domain, String status, String exe, String comm) {
}
