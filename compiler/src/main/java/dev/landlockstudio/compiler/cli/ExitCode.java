package dev.landlockstudio.compiler.cli;

/** The command line's exit codes, the same for every subcommand. */
public final class ExitCode {
    public static final int OK = 0;
    /** Wrong options or arguments, or an input file that cannot be read. */
    public static final int USAGE = 1;
    /** The input document is invalid. */
    public static final int INVALID = 2;
    /** A hard requirement that the ABI or target cannot meet. */
    public static final int REFUSED = 3;
    /** try: the kernel did not answer a probe as predicted, or a probe failed. */
    public static final int MISMATCH = 4;
    /** try: this host cannot apply a policy (no Landlock). */
    public static final int UNAVAILABLE = 5;

    private ExitCode() {
    }
}
