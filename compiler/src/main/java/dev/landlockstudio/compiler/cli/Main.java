package dev.landlockstudio.compiler.cli;

import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code landlock-studio SUBCOMMAND}: output on stdout, diagnostics on stderr, exit codes in {@link ExitCode}. */
@Command(name = "landlock-studio", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Write Linux Landlock sandbox policies once; compile them for every consumer and ABI.",
        subcommands = {ValidateCommand.class, CompileCommand.class, ImportCommand.class, MatrixCommand.class, ExplainCommand.class,
                AuditCommand.class, LauncherCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Extensions extensions;

    private Main(Extensions extensions) {
        this.extensions = extensions;
    }

    Extensions extensions() {
        return extensions;
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line; the tests call this too. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, Extensions.NONE, args);
    }

    /** Runs one command line with what a module that builds on the compiler adds. */
    public static int run(PrintWriter out, PrintWriter err, Extensions extensions, String... args) {
        CommandLine commandLine = new CommandLine(new Main(extensions));
        extensions.subcommands().forEach(commandLine::addSubcommand);
        commandLine
                .setOut(out)
                .setErr(err)
                .setParameterExceptionHandler(Main::usageError)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    // A document found unusable only past reading (an except path without a view, say) is still
                    // reported as the readers report: every problem at its pointer.
                    if (e instanceof InvalidDocumentException invalid) {
                        return Inputs.printProblems(cmd.getErr(), invalid);
                    }
                    throw e;
                });
        int exit = commandLine.execute(args);
        out.flush();
        err.flush();
        return exit;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed");
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandName() + ": " + e.getMessage());
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCode.USAGE;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"landlock-studio " + (version == null ? "(development build)" : version)};
        }
    }
}
