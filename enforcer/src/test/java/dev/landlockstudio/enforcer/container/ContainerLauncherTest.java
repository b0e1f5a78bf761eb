package dev.landlockstudio.enforcer.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.enforcer.EnforcerTestSupport;
import dev.landlockstudio.enforcer.cli.LandlockStudio;
import dev.landlockstudio.enforcer.command.UnixUser;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real runtime runs a busybox container from {@code runc spec}'s config merged through oci-launcher: the launcher
 * enforces the policy, where the same config without it allows everything. runc must work here (CI fails otherwise);
 * crun is tried where the host's cgroup layout lets it run.
 */
class ContainerLauncherTest {

    private static final String POLICY = """
            {"name": "busybox", "abi": 1, "handledAccessFs": ["abi.all"],
             "pathBeneath": [{"paths": ["/bin"], "allowedAccess": ["abi.read_execute"]},
                             {"paths": ["/data"], "allowedAccess": ["read_file", "read_dir"]}]}
            """;
    private static final String SCRIPT = "cat /data/ok; cat /secret/key; echo written > /out/f && echo wrote";
    private static final String CRUN_HYBRID = "cgroups in hybrid mode not supported";
    private static final AtomicInteger CONTAINERS = new AtomicInteger();

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"runc", "crun"})
    void theLauncherEnforcesThePolicyWhereTheRuntimeIgnoresProcessLandlock(String runtime) throws Exception {
        requireHost(runtime);
        Path bundle = bundle();
        String plainConfig = Files.readString(bundle.resolve("config.json"));

        Run plain = run(runtime, bundle);
        if (runtime.equals("crun") && plain.err().contains(CRUN_HYBRID)) {
            // Not a broken setup but this host's cgroups: CI machines may be hybrid too.
            Assumptions.abort("crun: " + CRUN_HYBRID + " on this host");
        }
        assertThat(plain.out()).as(plain.err()).contains("allowed", "secret", "wrote");
        assertThat(plain.err()).doesNotContain("Permission denied");
        Files.delete(bundle.resolve("rootfs/out/f"));

        cli("launcher", policy(), "-o", bundle.resolve("landlock-launcher").toString());
        Path config = bundle.resolve("config.json");
        cli("compile", policy(), "--target", "oci-launcher", "--merge-into", config.toString(), "-o", config.toString());
        assertThat(Files.readString(config)).isNotEqualTo(plainConfig);
        Run launched = run(runtime, bundle);
        assertThat(launched.out()).as(launched.err()).contains("allowed").doesNotContain("secret", "wrote");
        assertThat(launched.err()).contains("can't open '/secret/key': Permission denied", "can't create /out/f: Permission denied");
        assertThat(bundle.resolve("rootfs/out/f")).doesNotExist();
        assertThat(Files.readString(Path.of("/proc/self/mounts"))).doesNotContain(work.toString());
    }

    private static void requireHost(String runtime) {
        EnforcerTestSupport.requireLandlock();
        EnforcerTestSupport.require(UnixUser.current().uid() == 0, "running a container with runc needs root");
        EnforcerTestSupport.require(Files.isExecutable(Path.of("/bin/busybox")), "busybox-static is not installed (bin/test installs it)");
        EnforcerTestSupport.require(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc is not installed (bin/test installs it)");
        boolean installed = Files.isExecutable(Path.of("/usr/sbin/" + runtime)) || Files.isExecutable(Path.of("/usr/bin/" + runtime));
        if (runtime.equals("runc")) {
            EnforcerTestSupport.require(installed, "runc is not installed (bin/test installs it)");
        } else {
            Assumptions.assumeTrue(installed, runtime + " is not installed");
        }
    }

    /** A rootfs of static busybox with a file the policy allows, one it does not, and a folder to write in. */
    private Path bundle() throws Exception {
        Path bundle = work.resolve("bundle");
        Path rootfs = Files.createDirectories(bundle.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
        for (String applet : List.of("sh", "cat", "echo")) {
            Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        Files.writeString(Files.createDirectories(rootfs.resolve("data")).resolve("ok"), "allowed\n");
        Files.writeString(Files.createDirectories(rootfs.resolve("secret")).resolve("key"), "secret\n");
        Files.createDirectories(rootfs.resolve("out"));
        Run spec = exec(List.of("runc", "spec", "--bundle", bundle.toString()));
        assertThat(spec.status()).as(spec.err()).isZero();
        ObjectNode config = (ObjectNode) Json.parse(Files.readString(bundle.resolve("config.json")));
        ObjectNode process = (ObjectNode) config.get("process");
        process.put("terminal", false);
        process.putArray("args").add("sh").add("-c").add(SCRIPT);
        // So that a denied write is Landlock's EACCES, not the read-only root's EROFS.
        ((ObjectNode) config.get("root")).put("readonly", false);
        Files.writeString(bundle.resolve("config.json"), Json.write(config));
        return bundle;
    }

    private String policy() throws Exception {
        Path policy = work.resolve("busybox.json");
        if (!Files.exists(policy)) {
            Files.writeString(policy, POLICY);
        }
        return policy.toString();
    }

    private static void cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LandlockStudio.run(new PrintWriter(out), new PrintWriter(err), args);
        if (exit != 0 && err.toString().contains("libc.a")) {
            EnforcerTestSupport.require(false, err.toString().strip());
        }
        assertThat(exit).as(String.join(" ", args) + "\n" + err).isZero();
    }

    /** Runs the bundle in the foreground, and deletes the container whatever happened. */
    private Run run(String runtime, Path bundle) throws Exception {
        String id = "landlock-studio-test-" + ProcessHandle.current().pid() + "-" + CONTAINERS.incrementAndGet();
        try {
            return exec(List.of(runtime, "run", "--bundle", bundle.toString(), id));
        } finally {
            exec(List.of(runtime, "delete", "--force", id));
            assertThat(exec(List.of(runtime, "state", id)).status()).as("the container is gone").isNotZero();
        }
    }

    /** stdin from /dev/null; stdout and stderr to files, so that neither pipe can fill up and block the command. */
    private Run exec(List<String> command) throws Exception {
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process process = new ProcessBuilder(command).redirectInput(new File("/dev/null"))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        Run run = new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return run;
    }

    private record Run(int status, String out, String err) {
    }
}
