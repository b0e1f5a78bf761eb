package dev.landlockstudio.compiler.cli;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.compile.Compilation;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.formats.landlockconfig.LandlockConfigToml;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.fs.FsViewReader;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.layers.PolicyStack;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.compiler.formats.ocilauncher.OciLauncherEmitter;
import dev.landlockstudio.compiler.formats.podlock.PodLockSelection;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "compile", mixinStandardHelpOptions = true,
        description = {"Compile a policy for one target and Landlock ABI.",
                "The output goes to stdout (or --output); every drop, mask or inexpressible item is listed on stderr.",
                "Exit 0 when compiled (also when the compatibility level leaves nothing enforced), 2 when the policy"
                        + " is invalid, 3 when it is a hard requirement that the ABI or target cannot meet."})
final class CompileCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "POLICY", description = "The policy file ('-' for standard input).")
    String policyFile;

    @Option(names = "--target", required = true, paramLabel = "TARGET",
            description = "One of: native, c, oci, oci-1111, oci-launcher, go-landlock, landlockconfig, sandboxer, firejail, landrun, podlock.")
    String targetId;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "landlockconfig: json (default) or toml, the same configuration in landlockconfig's TOML.")
    String format;

    @Option(names = "--select", paramLabel = "CONTAINER/BINARY",
            description = "podlock: the container and binary the profile is for, e.g. nginx/usr/sbin/nginx (default: the"
                    + " policy's name as container, /usr/bin/NAME as binary).")
    String select;

    @Option(names = "--abi", paramLabel = "N", description = "The kernel's Landlock ABI to compile for (default: the policy's abi).")
    Integer abi;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the report as JSON to FILE.")
    String reportFile;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the output to FILE instead of stdout.")
    String outputFile;

    @CommandLine.ParentCommand
    Main main;

    @Option(names = "--fs-view", paramLabel = "FILE",
            description = "What the paths are (fs-view.schema.json): files keep only file rights, lints see symlinks and"
                    + " mounts, except paths expand against it.")
    String fsViewFile;

    @Option(names = "--host-view", description = "Read what the paths are from this host (file types, symlinks, mounts,"
            + " and the entries beside except paths).")
    boolean hostView;

    @Option(names = "--merge-into", paramLabel = "CONFIG",
            description = "oci, oci-1111 and oci-launcher: write into this existing config.json instead of a fragment.")
    String mergeIntoFile;

    @Option(names = "--launcher", paramLabel = "FILE",
            description = "oci-launcher: the host path of the static launcher (built by 'launcher'), relative to the bundle"
                    + " (the folder of --output, else of --merge-into, else this one); default: "
                    + OciLauncherEmitter.DEFAULT_SOURCE + ". It must exist.")
    String launcher;

    @CommandLine.Mixin
    LayerFiles layerFiles;

    @Override
    public Integer call() {
        Target target = Target.byId(targetId).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                "unknown target '" + targetId + "'; expected one of " + String.join(", ", Target.ids())));
        if (abi != null && !AbiTable.isKnown(abi)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown Landlock ABI " + abi + "; expected "
                    + AbiTable.oldest() + " to " + AbiTable.newest());
        }
        if (mergeIntoFile != null && target != Target.OCI && target != Target.OCI_1111 && target != Target.OCI_LAUNCHER) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--merge-into works with oci, oci-1111 and oci-launcher only");
        }
        if (launcher != null && target != Target.OCI_LAUNCHER) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--launcher works with oci-launcher only");
        }
        boolean toml = "toml".equals(format);
        if (format != null && (target != Target.LANDLOCKCONFIG || !toml && !"json".equals(format))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format is json or toml, with landlockconfig only");
        }
        if (select != null) {
            if (target != Target.PODLOCK) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--select works with podlock only");
            }
            PodLockSelection selection;
            try {
                selection = PodLockSelection.parse(select);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--select " + e.getMessage());
            }
            if (selection.binary() == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--select " + select + " names no binary:"
                        + " write CONTAINER/BINARY, e.g. nginx/usr/sbin/nginx");
            }
        }
        String launcherSource = launcher == null ? OciLauncherEmitter.DEFAULT_SOURCE : launcher;
        if (target == Target.OCI_LAUNCHER) {
            requireLauncher(launcherSource);
        }
        if (hostView && fsViewFile != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --fs-view FILE or --host-view, not both");
        }
        PrintWriter err = spec.commandLine().getErr();
        PolicyReader.ReadPolicy policy;
        PolicyStack stack;
        FsView view = FsView.empty();
        ObjectNode mergeInto = null;
        try {
            policy = PolicyReader.read(Inputs.read(spec, policyFile));
            stack = layerFiles.stack(spec, policy);
            if (fsViewFile != null) {
                view = FsViewReader.read(Inputs.read(spec, fsViewFile));
            }
        } catch (InvalidDocumentException e) {
            return Inputs.printProblems(err, e);
        }
        if (mergeIntoFile != null) {
            try {
                JsonNode config = Json.parse(Inputs.read(spec, mergeIntoFile));
                if (!config.isObject()) {
                    throw new InvalidDocumentException("", "a config.json is a JSON object");
                }
                mergeInto = (ObjectNode) config;
            } catch (InvalidDocumentException e) {
                err.println(mergeIntoFile + ":");
                return Inputs.printProblems(err, e);
            }
        }
        if (hostView) {
            view = main.extensions().hostView(spec, stack, List.of());
        }
        int compileAbi = abi == null ? policy.resolved().abi() : abi;
        Compilation compilation = Compiler.compile(stack, target, compileAbi,
                new Compiler.Options(view, mergeInto, launcherSource, select));
        Inputs.printItems(err, compilation.items());
        if (reportFile != null) {
            Inputs.write(spec, reportFile, Json.write(compilation));
        }
        if (compilation.refused()) {
            err.println("refused: the policy is a hard requirement that " + target.id() + " at ABI " + compileAbi
                    + " cannot meet");
            return ExitCode.REFUSED;
        }
        if (compilation.output() == null) {
            err.println("no output: " + target.id() + " has no document that applies nothing");
            return ExitCode.OK;
        }
        String output = toml ? LandlockConfigToml.write(Json.parse(compilation.output())) : compilation.output();
        if (outputFile != null) {
            Inputs.write(spec, outputFile, output);
        } else {
            spec.commandLine().getOut().print(output);
        }
        return ExitCode.OK;
    }

    /** The launcher where the runtime will look for it: a mount of a missing file fails only when the container starts. */
    private void requireLauncher(String source) {
        String configFile = outputFile != null ? outputFile : mergeIntoFile != null && !mergeIntoFile.equals("-") ? mergeIntoFile : null;
        Path bundle = configFile == null ? Path.of("") : Path.of(configFile).toAbsolutePath().getParent();
        Path file = bundle.toAbsolutePath().resolve(source);
        if (!Files.isRegularFile(file) || !Files.isExecutable(file)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "the launcher " + file
                    + (Files.exists(file) ? " is not an executable file" : " does not exist")
                    + "; build it with 'landlock-studio launcher POLICY -o " + file + "' or name it with --launcher");
        }
    }
}
