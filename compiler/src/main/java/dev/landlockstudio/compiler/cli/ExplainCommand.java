package dev.landlockstudio.compiler.cli;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.audit.Remedies;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Decision;
import dev.landlockstudio.compiler.explain.Explanation;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.fs.FsViewReader;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.layers.PolicyStack;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.compiler.report.Fix;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Say what the kernel will decide for one access under a policy, and why.",
                "Exit 0 with the decision (allowed or denied) on stdout, 2 when the policy or view is invalid,"
                        + " 3 when the policy is a hard requirement that the ABI cannot meet."})
final class ExplainCommand implements Callable<Integer> {

    private static final AccessRequest.Names OPTION_NAMES = new AccessRequest.Names("--path", "--to", "--port");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    Main main;

    @Parameters(paramLabel = "POLICY", description = "The policy file ('-' for standard input).")
    String policyFile;

    @Option(names = "--abi", paramLabel = "N", description = "The kernel's Landlock ABI (default: the policy's abi).")
    Integer abi;

    @Option(names = "--access", required = true, paramLabel = "OPERATION",
            description = "What is tried: execute, read_file, write_file, read_dir, truncate, open_trunc, creat, ioctl_dev,"
                    + " resolve_unix, remove_file, remove_dir, make_*, rename, link, bind_tcp, connect_tcp, bind_udp,"
                    + " connect_send_udp, signal, abstract_unix_socket.")
    String access;

    @Option(names = "--path", paramLabel = "PATH", description = "The path (the source, for rename and link).")
    String path;

    @Option(names = "--to", paramLabel = "DEST", description = "The destination of rename and link.")
    String destination;

    @Option(names = "--port", paramLabel = "N", description = "The port of a network access.")
    Integer port;

    @Option(names = "--fs-view", paramLabel = "FILE", description = "What the paths are: fs-view.schema.json.")
    String fsViewFile;

    @Option(names = "--host-view", description = "Read what the paths are from this host: file types, symlinks, bind and"
            + " OverlayFS mounts.")
    boolean hostView;

    @CommandLine.Mixin
    LayerFiles layerFiles;

    @Option(names = "--json", description = "Print the decision, its trace and the explanation as JSON.")
    boolean json;

    @Override
    public Integer call() {
        AccessRequest request = request();
        if (abi != null && !AbiTable.isKnown(abi)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown Landlock ABI " + abi);
        }
        if (hostView && fsViewFile != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --fs-view FILE or --host-view, not both");
        }
        PrintWriter err = spec.commandLine().getErr();
        PolicyReader.ReadPolicy read;
        PolicyStack stack;
        FsView view = FsView.empty();
        try {
            read = PolicyReader.read(Inputs.read(spec, policyFile));
            stack = layerFiles.stack(spec, read);
            if (fsViewFile != null) {
                view = FsViewReader.read(Inputs.read(spec, fsViewFile));
            }
        } catch (InvalidDocumentException e) {
            return Inputs.printProblems(err, e);
        }
        ResolvedPolicy policy = read.resolved();
        if (hostView) {
            view = main.extensions().hostView(spec, stack, Stream.of(request.path(), request.destination())
                    .filter(Objects::nonNull).toList());
        }
        int kernelAbi = abi == null ? policy.abi() : abi;
        Optional<Explanation> explained = Explanation.of(stack, kernelAbi, view, request);
        if (explained.isEmpty()) {
            err.println("refused: the policy is a hard requirement that ABI " + kernelAbi + " cannot meet;"
                    + " see 'landlock-studio compile --target native --abi " + kernelAbi + "'");
            return ExitCode.REFUSED;
        }
        Decision decision = explained.get().decision();
        List<String> lines = explained.get().lines();
        // A fix edits the policy's own document; under bases, the layer that denies may be another's.
        Optional<Fix> fix = stack.layered() ? Optional.empty() : Remedies.allowing(read, kernelAbi, view, request, decision);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("policy", policy.name());
            if (stack.layered()) {
                document.put("layers", stack.layers().stream().map(PolicyStack.Layer::name).toList());
            }
            document.put("abi", kernelAbi);
            document.put("request", request);
            document.put("decision", decision);
            document.put("decidedBy", explained.get().decidedBy());
            document.put("explanation", lines);
            fix.ifPresent(f -> document.put("fix", f));
            out.print(Json.write(document));
        } else {
            lines.forEach(out::println);
            fix.ifPresent(f -> out.println("fix: " + f.label()));
        }
        return ExitCode.OK;
    }

    private AccessRequest request() {
        try {
            return AccessRequest.of(access, path, destination, port, OPTION_NAMES);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
