package dev.landlockstudio.compiler.cli;

import dev.landlockstudio.compiler.audit.AuditLog;
import dev.landlockstudio.compiler.audit.DenialGroup;
import dev.landlockstudio.compiler.audit.Remedies;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.fs.FsViewReader;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.layers.StackResolver;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Read Landlock's denial records (kernel log, journal or audit.log lines) and say, per domain and"
                + " access, what the policy lacks and the smallest change that grants it.",
                "Exit 0 with the groups on stdout and the ignored lines on stderr, 2 when the policy is invalid."})
final class AuditCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "POLICY", description = "The policy file ('-' for standard input).")
    String policyFile;

    @Parameters(index = "1", arity = "0..1", paramLabel = "LOGFILE", defaultValue = "-",
            description = "The records ('-', the default, for standard input).")
    String logFile;

    @Option(names = "--json", description = "Print the groups with their fixes (RFC 6902 patches) and the ignored lines as JSON.")
    boolean json;

    @Option(names = "--apply", description = "Print the policy with every proposed fix applied.")
    boolean apply;

    @Option(names = "--fs-view", paramLabel = "FILE", description = "What the paths are (fs-view.schema.json): the"
            + " evaluator decides and checks the fixes there, where a rule on a symlink or a bind mount covers its target.")
    String fsViewFile;

    @Option(names = "--quiet", description = "With --apply: keep denying what the records show and stop the kernel logging"
            + " it (quiet sets and quiet rules, from ABI 10), instead of granting it.")
    boolean quiet;

    @Override
    public Integer call() {
        if (json && apply) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --json or --apply, not both");
        }
        if (quiet && !apply) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--quiet goes with --apply");
        }
        if (Stream.of(policyFile, logFile, fsViewFile).filter("-"::equals).count() > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "only one of the policy, the records and the view"
                    + " can be standard input");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PolicyReader.ReadPolicy policy;
        FsView view;
        try {
            policy = StackResolver.alone(PolicyReader.read(Inputs.read(spec, policyFile)), "audit");
            view = fsViewFile == null ? FsView.empty() : FsViewReader.read(Inputs.read(spec, fsViewFile));
        } catch (InvalidDocumentException e) {
            return Inputs.printProblems(err, e);
        }
        AuditLog log = AuditLog.read(Inputs.read(spec, logFile));
        if (apply) {
            out.print(Remedies.apply(policy, view, log.denials(), quiet ? DenialGroup::quiet : DenialGroup::fix));
            printIgnored(err, log);
            return ExitCode.OK;
        }
        List<DenialGroup> groups = Remedies.of(policy, view, log.denials());
        if (json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("policy", policy.resolved().name());
            document.put("groups", groups);
            document.put("domains", log.domains());
            document.put("ignored", log.ignored());
            out.print(Json.write(document));
            return ExitCode.OK;
        }
        for (DenialGroup group : groups) {
            out.println("domain " + group.domain() + ": " + group.access() + " (" + group.count()
                    + (group.count() == 1 ? " denial, line " : " denials, lines ")
                    + group.lines().stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")");
            out.println("  " + (group.denied() ? "denied: " : "not this policy: ") + group.reason());
            if (group.fix() != null) {
                out.println("  fix: " + group.fix().label());
            }
            if (group.quiet() != null) {
                out.println("  or quiet: " + group.quiet().label());
            }
        }
        if (groups.isEmpty()) {
            out.println("no Landlock denials");
        }
        printIgnored(err, log);
        return ExitCode.OK;
    }

    private static void printIgnored(PrintWriter err, AuditLog log) {
        log.ignored().forEach(i -> err.println("line " + i.line() + " ignored: " + i.reason()));
        err.flush();
    }
}
