package dev.landlockstudio.enforcer.kernels;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs kernels under qemu with software emulation (no KVM needed): a vmlinux through the PVH entry, an initramfs, the
 * console on the first serial port read from qemu's stdout, no network, no reboot (a panic or a power off ends qemu),
 * and a timeout after which qemu is killed. No qemu outlives its run.
 *
 * <p>A kernel is either booted afresh ({@link #boot}), or booted once to be saved ({@link #save}: its init waits for
 * a trial's files, and qemu's state is migrated to a file then) and resumed from that state for each trial
 * ({@link #resume}: the boot's two to four seconds under emulation are not paid again). A resumed VM gets its trial's
 * files through an ivshmem device whose memory is a file of the trial's folder, written once the VM runs.
 */
final class QemuBoot {

    static final String QEMU = "qemu-system-x86_64";
    /** The size of the ivshmem device's memory (a power of two, as a PCI BAR is): a header and the trial's files. */
    static final long PAYLOAD_DEVICE = 64L << 20;
    private static final int PAYLOAD_HEADER = 16;
    private static final byte[] PAYLOAD_MAGIC = "LLSPAYLD".getBytes(StandardCharsets.US_ASCII);
    /** What the saved VM's init prints once it waits for a trial's files. */
    static final String WAITING = "landlock-studio-waiting";

    private QemuBoot() {
    }

    /** Boots {@code kernel} afresh with {@code initramfs} and reads what it said until it powered off. */
    static BootReport boot(CachedKernel kernel, Path initramfs, Duration timeout) {
        List<String> command = new ArrayList<>(machine(kernel.vmlinux(), initramfs));
        command.addAll(List.of("-nographic", "-monitor", "none"));
        long started = System.nanoTime();
        try (QemuVm vm = QemuVm.start(command)) {
            boolean ended = vm.awaitEnd(started + timeout.toNanos());
            return report(kernel, vm, ended, started, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KernelsException("interrupted while booting " + kernel.source().release(), e);
        }
    }

    /**
     * Boots {@code kernel} with {@code image} (whose init ends waiting: {@link #WAITING}) and saves the VM's state,
     * compressed with lz4, to {@code state}; {@code folder} holds the monitor's socket and an empty payload device.
     */
    static void save(CachedKernel kernel, Path image, Path state, Path folder, Duration timeout) throws IOException {
        String target = state.toString();
        // The command goes to qemu's monitor as one line in double quotes: a path that could end it is refused.
        if (target.chars().anyMatch(c -> c < 0x20 || c == '"' || c == '\\' || c == 0x7f)) {
            throw new KernelsException("cannot save a booted kernel at " + target.replaceAll("\\p{Cntrl}", "?")
                    + ": the kernel cache's path may not hold a control character, a double quote or a backslash");
        }
        Path payload = emptyPayloadDevice(folder.resolve("payload"));
        Path socket = folder.resolve("monitor");
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        try (QemuVm vm = QemuVm.start(withDevices(machine(kernel.vmlinux(), image), socket, payload))) {
            if (!vm.awaitLine(WAITING, deadline)) {
                throw new KernelsException(kernel.source().release() + " did not come up to be saved: " + vm.ending());
            }
            try (QemuMonitor monitor = QemuMonitor.connect(socket, vm.process())) {
                String lz4 = HostTools.require("lz4", HostTools.BOOT_PACKAGES).toString();
                // Stopped first: the state is then one instant's, not pages copied while the VM ran on.
                monitor.command("stop");
                monitor.command("migrate \"exec:" + shellWord(lz4) + " -1 -q > " + shellWord(target) + "\"");
                while (true) {
                    String status = monitor.command("info migrate");
                    if (status.contains("Migration status: completed")) {
                        break;
                    }
                    if (status.contains("Migration status: failed") || System.nanoTime() > deadline) {
                        throw new KernelsException("qemu could not save " + kernel.source().release() + ": " + status.strip());
                    }
                    Thread.sleep(20);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KernelsException("interrupted while saving " + kernel.source().release(), e);
        }
    }

    /**
     * Resumes {@code kernel} from its saved state, hands it {@code payload} (a cpio archive with the trial's files and
     * its /run) through the payload device, and reads what it said until it powered off.
     *
     * @return the report, or null when qemu would not resume the state (the saved boot must then be made anew)
     */
    static BootReport resume(CachedKernel kernel, SavedBoots.Saved saved, Path payload, Path folder, Duration timeout)
            throws IOException {
        long size = Files.size(payload);
        if (size > PAYLOAD_DEVICE - PAYLOAD_HEADER) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the trial's files take %,d bytes, more than"
                    + " the VM is handed (%,d): try fewer probes", size, PAYLOAD_DEVICE - PAYLOAD_HEADER));
        }
        Path device = emptyPayloadDevice(folder.resolve("payload-device"));
        Path socket = folder.resolve("monitor");
        String lz4 = HostTools.require("lz4", HostTools.BOOT_PACKAGES).toString();
        List<String> command = withDevices(machine(kernel.vmlinux(), saved.image()), socket, device);
        // -S: the VM stays paused once its state is loaded, until it has its files.
        command.addAll(List.of("-S", "-incoming", "exec:" + shellWord(lz4) + " -d -c -q " + shellWord(saved.state().toString())));
        long started = System.nanoTime();
        try (QemuVm vm = QemuVm.start(command)) {
            try (QemuMonitor monitor = QemuMonitor.connect(socket, vm.process())) {
                // The state is loaded into the VM's memory, the device's included: the trial's files go in after it.
                while (monitor.command("info status").contains("inmigrate")) {
                    if (!vm.process().isAlive() || System.nanoTime() - started > timeout.toNanos()) {
                        return null;
                    }
                    Thread.sleep(10);
                }
                hand(payload, device, size);
                monitor.command("cont");
            } catch (IOException e) {
                // qemu ended while loading the state: it would not resume it.
                return null;
            }
            boolean ended = vm.awaitEnd(started + timeout.toNanos());
            return report(kernel, vm, ended, started, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KernelsException("interrupted while trying " + kernel.source().release(), e);
        }
    }

    /** Writes the archive after the header's place, then the header, so the VM never reads a part of it. */
    private static void hand(Path payload, Path device, long size) throws IOException {
        try (FileChannel in = FileChannel.open(payload); FileChannel out = FileChannel.open(device, StandardOpenOption.WRITE)) {
            for (long done = 0; done < size; ) {
                done += in.transferTo(done, size - done, out.position(PAYLOAD_HEADER + done));
            }
            ByteBuffer header = ByteBuffer.allocate(PAYLOAD_HEADER).order(ByteOrder.LITTLE_ENDIAN).put(PAYLOAD_MAGIC).putLong(size);
            out.write(header.flip(), 0);
        }
    }

    private static BootReport report(CachedKernel kernel, QemuVm vm, boolean ended, long started, Duration timeout) {
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        List<String> lines = vm.console();
        return BootReport.read(kernel, lines, took).orElseGet(() -> BootReport.failed(kernel, took,
                (ended ? "qemu ended (exit " + vm.process().exitValue() + ")"
                        : String.format(Locale.ROOT, "killed after %.1f s", timeout.toMillis() / 1000.0))
                        + " without the kernel's answer; the console ended with:\n" + HostTools.tail(String.join("\n", lines)), lines));
    }

    /** The machine every run has: a saved state resumes only on the same machine. */
    private static List<String> machine(Path vmlinux, Path initramfs) {
        String qemu = HostTools.require(QEMU, HostTools.BOOT_PACKAGES).toString();
        // Without CMPXCHG16B: with it, 6.12 double-faults early in boot under TCG in about one boot in three (in the
        // slab allocator's cmpxchg16b); every kernel here boots without it.
        return List.of(qemu, "-accel", "tcg", "-cpu", "qemu64,-cx16", "-m", "256M", "-no-reboot", "-nic", "none",
                "-kernel", vmlinux.toString(), "-initrd", initramfs.toString(), "-append", "console=ttyS0 panic=-1 quiet");
    }

    /** The machine a saved boot runs on, without the files it is given: a saved state resumes on the same only. */
    static List<String> savedMachine() {
        List<String> command = withDevices(machine(Path.of("vmlinux"), Path.of("initramfs")), Path.of("monitor"), Path.of("device"));
        return command.subList(1, command.size());
    }

    /** The machine with the monitor on {@code socket} and the payload device backed by {@code device}. */
    private static List<String> withDevices(List<String> machine, Path socket, Path device) {
        List<String> command = new ArrayList<>(machine);
        command.addAll(List.of("-display", "none", "-serial", "stdio", "-monitor", "unix:" + optionValue(socket) + ",server=on,wait=off",
                "-object", "memory-backend-file,id=payload,share=on,size=" + PAYLOAD_DEVICE + ",mem-path=" + optionValue(device),
                // master=on: the device's memory migrates with the VM (a peer's would block migration).
                "-device", "ivshmem-plain,memdev=payload,master=on"));
        return command;
    }

    private static Path emptyPayloadDevice(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.truncate(0);
            channel.write(ByteBuffer.allocate(1), PAYLOAD_DEVICE - 1);
        }
        return file;
    }

    /** A path as a value in one of qemu's comma-separated options, where a comma is written twice. */
    private static String optionValue(Path path) {
        return path.toString().replace(",", ",,");
    }

    /** {@code text} as one word for the shell qemu runs a migration's command with. */
    private static String shellWord(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
