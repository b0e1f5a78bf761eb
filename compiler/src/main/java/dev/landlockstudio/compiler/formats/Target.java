package dev.landlockstudio.compiler.formats;

import dev.landlockstudio.compiler.formats.firejail.FirejailSets;
import dev.landlockstudio.compiler.formats.landrun.LandrunSets;
import dev.landlockstudio.compiler.formats.podlock.PodLockSets;
import dev.landlockstudio.compiler.formats.sandboxer.SandboxerSets;
import dev.landlockstudio.compiler.lowering.Vocabulary;
import dev.landlockstudio.compiler.policy.IfMissing;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The output formats, each with what it can express (landlock-facts.md §3.2, §5.1, §5.2, §5.3, §5.4, §6; lowering case 12). */
public enum Target {
    /** The numeric ruleset the enforcer applies. */
    NATIVE("native", "numeric ruleset for one ABI, as the kernel's structs carry it", null, null),
    /** A standalone C program that applies the native ruleset and execs a command. */
    C("c", "standalone C program that applies the ruleset and runs a command", null, null),
    /** runtime-spec PR #1241's process.landlock. */
    OCI("oci", "OCI config.json process.landlock (runtime-spec PR #1241)", List.of(
            "execute", "write_file", "read_file", "read_dir", "remove_dir", "remove_file", "make_char", "make_dir",
            "make_reg", "make_sock", "make_fifo", "make_block", "make_sym", "refer", "truncate",
            "bind_tcp", "connect_tcp"), IfMissing.FAIL),
    /** runtime-spec PR #1111's process.landlock, as runc's proof of concept reads it. */
    OCI_1111("oci-1111", "OCI config.json process.landlock (runtime-spec PR #1111, runc proof of concept)",
            List.of("execute", "write_file", "read_file", "read_dir", "remove_dir", "remove_file", "make_char",
                    "make_dir", "make_reg", "make_sock", "make_fifo", "make_block", "make_sym"), IfMissing.FAIL),
    /** A config.json whose process runs under the c target's program, built statically and bind-mounted read-only. */
    OCI_LAUNCHER("oci-launcher", "OCI config.json that runs the process under the static C program, for today's runtimes",
            null, null),
    /** The JSON of go-landlock's examples/go-landlock-configurable (v0.9.0). */
    GO_LANDLOCK("go-landlock", "go-landlock's configurable example JSON (v0.9.0)", List.of(
            "execute", "write_file", "read_file", "read_dir", "remove_dir", "remove_file", "make_char", "make_dir",
            "make_reg", "make_sock", "make_fifo", "make_block", "make_sym", "refer", "truncate", "ioctl_dev"),
            IfMissing.FAIL),
    /** landlock-lsm/landlockconfig's JSON. */
    LANDLOCKCONFIG("landlockconfig", "landlockconfig JSON", List.of(
            "execute", "write_file", "read_file", "read_dir", "remove_dir", "remove_file", "make_char", "make_dir",
            "make_reg", "make_sock", "make_fifo", "make_block", "make_sym", "refer", "truncate", "ioctl_dev",
            "bind_tcp", "connect_tcp", "abstract_unix_socket", "signal"), IfMissing.SKIP),
    /** The environment of the kernel's samples/landlock/sandboxer.c (LANDLOCK_ABI_LAST 6). */
    SANDBOXER("sandboxer", "environment of the kernel's sample sandboxer (LL_FS_RO, LL_FS_RW, LL_TCP_*, LL_SCOPED)",
            SandboxerSets.vocabulary()),
    /** Firejail's landlock.* profile lines. */
    FIREJAIL("firejail", "Firejail profile lines (landlock.enforce, landlock.fs.*)", FirejailSets.vocabulary()),
    /** landrun's command line (v0.1.17), the command to confine appended after its final --. */
    LANDRUN("landrun", "landrun command line (--ro, --rox, --rw, --rwx, --unix, --bind-tcp, --connect-tcp), ending with --",
            LandrunSets.vocabulary()),
    /** PodLock's LandlockProfile custom resource (podlock.kubewarden.io/v1alpha1), for one container's binary. */
    PODLOCK("podlock", "PodLock LandlockProfile YAML (podlock.kubewarden.io/v1alpha1), for one container's binary",
            PodLockSets.vocabulary());

    private final String id;
    private final String description;
    private final Vocabulary vocabulary;

    /** {@code names} null: the kernel's whole vocabulary, and rules choose their missing-path behaviour. */
    Target(String id, String description, List<String> names, IfMissing missingPaths) {
        this(id, description, names == null ? Vocabulary.kernel(id) : Vocabulary.of(id, names, missingPaths));
    }

    Target(String id, String description, Vocabulary vocabulary) {
        this.id = id;
        this.description = description;
        this.vocabulary = vocabulary;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** The file name extension of the output: what kind of text it is. */
    public String extension() {
        return switch (this) {
            case C -> "c";
            case SANDBOXER -> "env";
            case FIREJAIL -> "profile";
            case LANDRUN -> "sh";
            case PODLOCK -> "yaml";
            default -> "json";
        };
    }

    public static Optional<Target> byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Target::id).toList();
    }
}
