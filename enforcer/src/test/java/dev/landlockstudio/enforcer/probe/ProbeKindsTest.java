package dev.landlockstudio.enforcer.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Decision;
import dev.landlockstudio.compiler.evaluator.Evaluator;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.enforcer.EnforcerTestSupport;
import dev.landlockstudio.enforcer.sandbox.RestrictedThread;
import java.io.Closeable;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Probes that need something set up where they act (an executable, a device node, a listening socket) or rights of
 * newer ABIs: each tried where the policy grants it and where it does not, under the real kernel. Rights this host's
 * ABI lacks are not handled, so there the second probe is allowed too, as the evaluator says of the lowered ruleset.
 */
class ProbeKindsTest {

    @TempDir
    Path work;

    @Test
    void eachProbeKindIsAllowedWhereGrantedAndDeniedElsewhere() throws Exception {
        int abi = EnforcerTestSupport.abi();
        EnforcerTestSupport.require("root".equals(System.getProperty("user.name")), "device nodes need CAP_MKNOD (root)");
        FsView.Builder view = new FsView.Builder().add(work.toString(), FsView.Type.DIRECTORY);
        for (String dir : List.of("granted", "other")) {
            Path place = Files.createDirectory(work.resolve(dir));
            Files.createFile(place.resolve("exe"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            assertThat(ProbeRunner.run(AccessRequest.onPath(Operation.MAKE_CHAR, place.resolve("null").toString())).result())
                    .isEqualTo(ProbeRunner.Result.ALLOWED);
            view.add(place.toString(), FsView.Type.DIRECTORY).add(place + "/exe", FsView.Type.FILE)
                    .add(place + "/null", FsView.Type.CHAR_DEVICE).add(place + "/sock", FsView.Type.SOCKET);
        }
        int grantedPort = freeUdpPort();
        int otherPort = freeUdpPort();
        String policy = """
                {"name": "kinds", "abi": 10, "compatibility": "best_effort",
                 "handledAccessFs": ["execute", "read_file", "ioctl_dev", "resolve_unix"],
                 "handledAccessNet": ["bind_udp", "connect_send_udp"],
                 "pathBeneath": [
                   {"paths": ["%s/granted"], "allowedAccess": ["execute", "read_file", "ioctl_dev", "resolve_unix"]},
                   {"paths": ["%s/other"], "allowedAccess": ["read_file"]}],
                 "netPort": [{"ports": [%d], "allowedAccess": ["bind_udp", "connect_send_udp"]}]}
                """.formatted(work, work, grantedPort);
        Ruleset ruleset = Compiler.compile(PolicyReader.read(policy).resolved(), Target.NATIVE, abi).ruleset();
        String deniedFromAbi5 = abi >= 5 ? "EACCES" : "allowed";
        String deniedFromAbi9 = abi >= 9 ? "EACCES" : "allowed";
        String deniedFromAbi10 = abi >= 10 ? "EACCES" : "allowed";
        Map<AccessRequest, String> expected = new LinkedHashMap<>();
        expected.put(AccessRequest.onPath(Operation.EXECUTE, work + "/granted/exe"), "allowed");
        expected.put(AccessRequest.onPath(Operation.EXECUTE, work + "/other/exe"), "EACCES");
        expected.put(AccessRequest.onPath(Operation.IOCTL_DEV, work + "/granted/null"), "allowed");
        expected.put(AccessRequest.onPath(Operation.IOCTL_DEV, work + "/other/null"), deniedFromAbi5);
        expected.put(AccessRequest.onPath(Operation.RESOLVE_UNIX, work + "/granted/sock"), "allowed");
        expected.put(AccessRequest.onPath(Operation.RESOLVE_UNIX, work + "/other/sock"), deniedFromAbi9);
        expected.put(AccessRequest.onPort(Operation.BIND_UDP, grantedPort), "allowed");
        expected.put(AccessRequest.onPort(Operation.BIND_UDP, otherPort), deniedFromAbi10);
        expected.put(AccessRequest.onPort(Operation.CONNECT_SEND_UDP, grantedPort), "allowed");
        expected.put(AccessRequest.onPort(Operation.CONNECT_SEND_UDP, otherPort), deniedFromAbi10);

        Evaluator evaluator = new Evaluator(List.of(ruleset), view.build());
        Map<AccessRequest, String> kernel = new LinkedHashMap<>();
        Map<AccessRequest, String> predicted = new LinkedHashMap<>();
        for (AccessRequest probe : expected.keySet()) {
            try (Closeable listener = Peers.listenerFor(probe)) {
                kernel.put(probe, RestrictedThread.run(ruleset, () -> ProbeRunner.run(probe)).value().describe());
            }
            predicted.put(probe, evaluator.decide(probe).outcome());
        }
        assertThat(kernel).as("the kernel at ABI %d", abi).isEqualTo(expected);
        assertThat(predicted).as("the evaluator").isEqualTo(expected);
    }

    /**
     * Where this host's ABI leaves a right unhandled, "allowed" alone would not show that a probe does anything: each
     * here meets what only the real system call runs into.
     */
    @Test
    void theProbesMakeTheirSystemCalls() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            assertThat(ProbeRunner.run(AccessRequest.onPort(Operation.BIND_UDP, taken.getLocalPort())).describe())
                    .isEqualTo("error EADDRINUSE");
        }
        String nobodyListens = work.resolve("sock").toString();
        Files.createFile(Path.of(nobodyListens));
        assertThat(ProbeRunner.run(AccessRequest.onPath(Operation.RESOLVE_UNIX, nobodyListens)).describe())
                .isEqualTo("error ECONNREFUSED");
        Path script = work.resolve("script");
        Files.writeString(script, "not a program");
        assertThat(ProbeRunner.run(AccessRequest.onPath(Operation.EXECUTE, script.toString())).describe())
                .as("not executable").isEqualTo("EACCES");
    }

    @Test
    void anIoctlOnADeviceThatCannotBeOpenedIsDeniedAtOpen() throws Exception {
        int abi = EnforcerTestSupport.abi();
        EnforcerTestSupport.require(abi >= 5, "ioctl_dev needs ABI 5; this host has " + abi);
        EnforcerTestSupport.require("root".equals(System.getProperty("user.name")), "device nodes need CAP_MKNOD (root)");
        String node = work.resolve("null").toString();
        ProbeRunner.run(AccessRequest.onPath(Operation.MAKE_CHAR, node));
        String policy = """
                {"name": "ioctl-only", "abi": 5, "handledAccessFs": ["read_file", "write_file", "ioctl_dev"],
                 "pathBeneath": [{"paths": ["%s"], "allowedAccess": ["ioctl_dev"]}]}""".formatted(work);
        Ruleset ruleset = Compiler.compile(PolicyReader.read(policy).resolved(), Target.NATIVE, abi).ruleset();
        AccessRequest ioctl = AccessRequest.onPath(Operation.IOCTL_DEV, node);
        Decision predicted = new Evaluator(List.of(ruleset), new FsView.Builder().add(work.toString(), FsView.Type.DIRECTORY)
                .add(node, FsView.Type.CHAR_DEVICE).build()).decide(ioctl);
        assertThat(predicted.reason()).contains("read_file");
        assertThat(RestrictedThread.run(ruleset, () -> ProbeRunner.run(ioctl)).value().describe())
                .isEqualTo(predicted.outcome()).isEqualTo("EACCES");
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
