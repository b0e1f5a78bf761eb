package dev.landlockstudio.compiler.learn;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Why a learned rule is there: what it grants where, and the accesses that needed it.
 *
 * @param pointer  the rule's JSON pointer in the policy ({@code /pathBeneath/2})
 * @param on       its paths or ports, as the rule lists them
 * @param rights   the rights it grants, as written
 * @param source   "recording", or the refinement run whose kernel denial added it
 * @param evidence the accesses, each "syscall: rights ×count", and the paths they were on
 */
@JsonPropertyOrder({"pointer", "on", "rights", "source", "evidence"})
public record RuleEvidence(String pointer, List<String> on, List<String> rights, String source, List<String> evidence) {
}
