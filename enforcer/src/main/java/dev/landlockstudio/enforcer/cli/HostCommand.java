package dev.landlockstudio.enforcer.cli;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.cli.ExitCode;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.enforcer.host.HostInspector;
import dev.landlockstudio.enforcer.host.HostReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "host", mixinStandardHelpOptions = true,
        description = {"Report what this host offers: the kernel, its Landlock ABI (or why there is none), errata,"
                + " and whether this process can mount OverlayFS (or why not). Always exits 0."})
final class HostCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() {
        HostReport host = HostInspector.inspect();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.print(Json.write(host));
            return ExitCode.OK;
        }
        out.println("kernel:    " + host.kernel());
        if (host.abi() == null) {
            out.println("Landlock:  unavailable: " + host.landlockUnavailable());
        } else {
            String since = AbiTable.isKnown(host.abi()) ? " (Linux " + AbiTable.version(host.abi()).linux() + ")"
                    : " (newer than the ABI " + AbiTable.newest() + " this version knows; it compiles for ABI " + AbiTable.newest() + ")";
            out.println("Landlock:  ABI " + host.abi() + since + ", errata 0x" + Integer.toHexString(host.errata()));
        }
        out.println("OverlayFS: " + (host.overlayMountable() ? "mountable" : "not mountable: " + host.overlay()));
        return ExitCode.OK;
    }
}
