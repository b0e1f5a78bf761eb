package dev.landlockstudio.enforcer.kernels;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The initramfs a kernel is checked with: Debian's static busybox, an /init script, and landlock-abi, a static C
 * program (built here with gcc) that prints the line a {@link BootReport} reads, the kernel's release and ABI. Every
 * kernel boots the same image; {@link #base} is what a saved boot's image starts from.
 */
public final class AbiProbeImage {

    static final Path BUSYBOX = Path.of("/bin/busybox");
    private Path image;

    void prepare(Path work) throws IOException {
        image = work.resolve("initramfs.cpio");
        base(abiProgram(work), resource("init")).write(image);
    }

    Path build(CachedKernel kernel, Path folder) {
        return image;
    }

    /**
     * An image with /bin/busybox, /dev/console, /proc, {@code init} as /init and {@code abiProgram} as /landlock-abi,
     * which the init script runs first, so that a {@link BootReport} is read.
     */
    static Initramfs base(byte[] abiProgram, byte[] init) throws IOException {
        return new Initramfs().directory("bin").directory("dev").directory("proc")
                .characterDevice("dev/console", 5, 1)
                .file("bin/busybox", 0755, staticBusybox())
                .file("init", 0755, init)
                .file("landlock-abi", 0755, abiProgram);
    }

    /** landlock-abi, built static in {@code work} (a folder the caller removes). */
    static byte[] abiProgram(Path work) throws IOException {
        Path source = work.resolve("landlock-abi.c");
        Files.write(source, resource("landlock-abi.c"));
        Path program = work.resolve("landlock-abi");
        String gcc = HostTools.require("gcc", HostTools.BOOT_PACKAGES).toString();
        HostTools.run(List.of(gcc, "-static", "-O2", "-o", program.toString(), source.toString()), work);
        return Files.readAllBytes(program);
    }

    /** /bin/busybox, which must be Debian's static one: the VM has no shared libraries. */
    private static byte[] staticBusybox() throws IOException {
        if (!Files.isRegularFile(BUSYBOX)) {
            throw new KernelsException("busybox is not installed: apt-get install busybox-static");
        }
        byte[] busybox = Files.readAllBytes(BUSYBOX);
        if (hasInterpreter(busybox)) {
            throw new KernelsException(BUSYBOX + " is linked dynamically: apt-get install busybox-static (it replaces busybox)");
        }
        return busybox;
    }

    /** Whether a 64-bit ELF names a program interpreter (a PT_INTERP program header): a dynamically linked one does. */
    static boolean hasInterpreter(byte[] elf) {
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        if (elf.length < 64 || b.getInt(0) != 0x464c457f || elf[4] != 2) {
            throw new KernelsException(BUSYBOX + " is not a 64-bit ELF program");
        }
        long offset = b.getLong(0x20);
        int size = Short.toUnsignedInt(b.getShort(0x36));
        int count = Short.toUnsignedInt(b.getShort(0x38));
        for (int i = 0; i < count; i++) {
            long header = offset + (long) i * size;
            if (header + 4 <= elf.length && b.getInt((int) header) == 3) {
                return true;
            }
        }
        return false;
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = AbiProbeImage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        }
    }
}
