package dev.landlockstudio.web.dryrun;

/**
 * One probe of a dry run, in the order tried: what the evaluator predicted, what the kernel did; {@code spec} is the
 * access as a probe spec, for explain.
 */
public record DryRunRow(int seq, String probe, String spec, String expected, String actual, boolean match) {
}
