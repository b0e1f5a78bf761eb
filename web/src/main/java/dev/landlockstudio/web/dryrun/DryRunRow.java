package dev.landlockstudio.web.dryrun;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One probe of a dry run, in the order tried: what the evaluator predicted, what the kernel did; {@code spec} is the
 * access as a probe spec, for explain; {@code group} and {@code cell} place it on the page ({@link ProbeGroups});
 * {@code kernel}, in a run on stock kernels, the ABI of the kernel that answered it ({@link DryRunKernel#abi()}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DryRunRow(int seq, String probe, String spec, String expected, String actual, boolean match, String group,
                        String cell, Integer kernel) {

    /** The prediction in one word: allowed or denied. */
    @JsonProperty
    public String expectedVerdict() {
        return verdict(expected);
    }

    /** The kernel's answer in one word: allowed, denied, or other (the access failed otherwise, or was not tried). */
    @JsonProperty
    public String actualVerdict() {
        return verdict(actual);
    }

    // "allowed", an errno alone (a denial), "error ERRNO" or "not tried: why" (TrialRow).
    private static String verdict(String outcome) {
        return outcome.equals("allowed") ? "allowed" : outcome.contains(" ") ? "other" : "denied";
    }
}
