package dev.landlockstudio.web.dryrun;

/** One probe of a dry run, in the order tried: what the evaluator predicted, what the kernel did. */
public record DryRunRow(int seq, String probe, String expected, String actual, boolean match) {
}
