package dev.landlockstudio.enforcer.kernels;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Each cached kernel's saved boot, kept beside its image in {@code abi-N/saved-boot/}: {@code KEY.cpio}, the image it
 * booted with (busybox, saved-init, landlock-abi, landlock-studio-receive and the OverlayFS module where it is
 * cached), and {@code KEY.state}, qemu's state once that init waited for a trial's files. KEY is a hash of everything
 * the state depends on (qemu's version, the machine, the kernel's and the module's SHA-256, the image's sources), so
 * that a change makes a new one (the old ones are removed then). Made when a trial first needs it; a process and
 * its threads wait for one another, so a kernel is saved once. A saved boot is resumed once to check it before any
 * trial uses it: a kernel that does not answer then (Debian's 7.0.13 panics in its timer interrupt once resumed
 * under this qemu) is recorded in {@code KEY.unresumable}, and its trials boot afresh.
 */
final class SavedBoots {

    /**
     * A saved boot: the image qemu is started with again, and the state it resumes; or, for a kernel that does not
     * run on once resumed, the image alone and why ({@code unresumable}): its trials boot that image afresh.
     */
    record Saved(Path image, Path state, String unresumable) {
    }

    private static final String FOLDER = "saved-boot";
    /** Booting and saving takes 3 to 10 s under emulation on a busy machine. */
    private static final Duration SAVE_TIMEOUT = Duration.ofMinutes(2);
    private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();
    private static volatile String qemuVersion;

    private SavedBoots() {
    }

    /** The kernel's saved boot, made first (in {@code work}, a private folder) when there is none for its key. */
    static Saved ensure(CachedKernel kernel, Path work) throws IOException {
        Path folder = kernel.vmlinux().resolveSibling(FOLDER);
        String key = key(kernel);
        Saved saved = new Saved(folder.resolve(key + ".cpio"), folder.resolve(key + ".state"), null);
        Path unresumable = folder.resolve(key + ".unresumable");
        synchronized (LOCKS.computeIfAbsent(folder, f -> new Object())) {
            Files.createDirectories(folder);
            try (FileChannel lockFile = FileChannel.open(folder.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = lockFile.lock()) {
                if (!Files.isRegularFile(saved.image()) || !Files.isRegularFile(saved.state()) && !Files.isRegularFile(unresumable)) {
                    Files.deleteIfExists(unresumable);
                    make(kernel, saved, Files.createDirectory(work.resolve("save-abi-" + kernel.abi())));
                    removeOthers(folder, key);
                }
                if (Files.isRegularFile(unresumable)) {
                    return new Saved(saved.image(), null, Files.readString(unresumable));
                }
                return saved;
            }
        }
    }

    /** Removes a saved boot qemu would not resume, so that the next {@link #ensure} makes it anew. */
    static void forget(Saved saved) throws IOException {
        Files.deleteIfExists(saved.state());
    }

    private static void make(CachedKernel kernel, Saved saved, Path work) throws IOException {
        Initramfs image = AbiProbeImage.base(AbiProbeImage.abiProgram(work), AbiProbeImage.resource("saved-init"))
                .directory("sys")
                .file("landlock-studio-receive", 0755, receiver(work));
        if (kernel.overlayProblem() == null) {
            image.file(OverlayModule.FILE, 0644, Files.readAllBytes(kernel.overlay().file()));
        }
        Path partialImage = saved.image().resolveSibling(saved.image().getFileName() + ".partial");
        Path partialState = saved.state().resolveSibling(saved.state().getFileName() + ".partial");
        image.write(partialImage);
        Files.move(partialImage, saved.image(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        saveChecked(kernel, saved.image(), partialState, work);
        String problem = resumeProblem(kernel, new Saved(saved.image(), partialState, null), work);
        if (problem != null) {
            Path partialRecord = work.resolve("unresumable");
            Files.writeString(partialRecord, problem);
            Files.move(partialRecord, saved.image().resolveSibling(saved.image().getFileName().toString()
                    .replace(".cpio", ".unresumable")), StandardCopyOption.REPLACE_EXISTING);
            Files.delete(partialState);
            return;
        }
        Files.move(partialState, saved.state(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Resumes a saved boot with files that wait a second (the kernel's timers fire) and ask the ABI; why not, or null. */
    private static String resumeProblem(CachedKernel kernel, Saved saved, Path work) throws IOException {
        Path folder = Files.createDirectory(work.resolve("check"));
        Path files = folder.resolve("files.cpio");
        new Initramfs().file("run", 0755, "#!/bin/busybox sh\n/bin/busybox sleep 1\n/landlock-abi\n"
                .getBytes(StandardCharsets.UTF_8)).write(files);
        BootReport report = QemuBoot.resume(kernel, saved, files, folder, SAVE_TIMEOUT);
        if (report == null) {
            return "qemu would not resume its saved state";
        }
        return report.problem() == null ? null : "once resumed, " + report.problem();
    }

    /**
     * Saves the VM's state to {@code state} and checks it whole: qemu ends the compressing program shortly after the
     * migration's end, and a program ended before it wrote its last block leaves a frame without its end mark, which
     * lz4's test finds (then the boot is saved again, once).
     */
    private static void saveChecked(CachedKernel kernel, Path image, Path state, Path work) throws IOException {
        String lz4 = HostTools.require("lz4", HostTools.BOOT_PACKAGES).toString();
        for (int attempt = 1; ; attempt++) {
            Path folder = Files.createDirectory(work.resolve("attempt-" + attempt));
            Files.deleteIfExists(state);
            QemuBoot.save(kernel, image, state, folder, SAVE_TIMEOUT);
            try {
                HostTools.run(List.of(lz4, "-t", "-q", state.toString()), null);
                return;
            } catch (KernelsException damaged) {
                if (attempt == 2) {
                    throw new KernelsException("the saved state of " + kernel.source().release() + " came out damaged twice: "
                            + damaged.getMessage(), damaged);
                }
            }
        }
    }

    private static byte[] receiver(Path work) throws IOException {
        Path source = work.resolve("payload-receive.c");
        Files.write(source, AbiProbeImage.resource("payload-receive.c"));
        Path program = work.resolve("landlock-studio-receive");
        HostTools.run(List.of(HostTools.require("gcc", HostTools.BOOT_PACKAGES).toString(), "-static", "-O2", "-o",
                program.toString(), source.toString()), work);
        return Files.readAllBytes(program);
    }

    private static void removeOthers(Path folder, String key) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (!name.startsWith(key + ".") && !name.equals(".lock")) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static String key(CachedKernel kernel) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String part : List.of(qemuVersion(), String.join(" ", QemuBoot.savedMachine()), kernel.sha256(),
                kernel.overlayProblem() == null ? kernel.overlay().sha256() : "no overlay")) {
            digest.update(part.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        for (String resource : List.of("saved-init", "payload-receive.c", "landlock-abi.c")) {
            digest.update(AbiProbeImage.resource(resource));
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 12);
    }

    private static String qemuVersion() {
        if (qemuVersion == null) {
            String qemu = HostTools.require(QemuBoot.QEMU, HostTools.BOOT_PACKAGES).toString();
            qemuVersion = HostTools.run(List.of(qemu, "--version"), null).lines().findFirst().orElse("");
        }
        return qemuVersion;
    }
}
