package dev.landlockstudio.enforcer.kernels;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The uncompressed kernel (vmlinux, an ELF that qemu boots directly through its PVH entry, much faster under TCG than
 * letting the kernel decompress itself) taken out of a bzImage. The boot protocol's setup header says where the
 * compressed payload is; its first bytes say the format, and its last four the uncompressed size, which the result
 * must have.
 */
final class BzImage {

    private record Format(String name, byte[] magic, String program, String debianPackage) {
    }

    private static final List<Format> FORMATS = List.of(
            new Format("zstd", bytes(0x28, 0xb5, 0x2f, 0xfd), "zstd", "zstd"),
            new Format("xz", bytes(0xfd, '7', 'z', 'X', 'Z', 0x00), "xz", "xz-utils"),
            new Format("lz4", bytes(0x02, 0x21, 0x4c, 0x18), "lz4", "lz4"),
            new Format("gzip", bytes(0x1f, 0x8b), "gzip", "gzip"));
    private static final byte[] ELF = bytes(0x7f, 'E', 'L', 'F');

    private BzImage() {
    }

    /** Writes the vmlinux inside {@code bzImage} to {@code vmlinux}. */
    static void extract(Path bzImage, Path vmlinux) throws IOException {
        ByteBuffer image = ByteBuffer.wrap(Files.readAllBytes(bzImage)).order(ByteOrder.LITTLE_ENDIAN);
        if (image.limit() < 0x250 || image.getInt(0x202) != 0x53726448) { // "HdrS"
            throw new KernelsException(bzImage + " is not a bzImage (no boot protocol header)");
        }
        int setupSectors = Byte.toUnsignedInt(image.get(0x1f1));
        int start = ((setupSectors == 0 ? 4 : setupSectors) + 1) * 512 + image.getInt(0x248);
        int length = image.getInt(0x24c);
        if (start < 0 || length < 8 || start + length > image.limit()) {
            throw new KernelsException(bzImage + ": its payload lies outside the file");
        }
        byte[] payload = Arrays.copyOfRange(image.array(), start, start + length);
        long size = Integer.toUnsignedLong(image.getInt(start + length - 4));
        Format format = FORMATS.stream().filter(f -> startsWith(payload, f.magic)).findFirst()
                .orElseThrow(() -> new KernelsException(bzImage + ": its payload is in no format known here (zstd, xz, lz4, gzip)"));
        decompress(format, payload, vmlinux);
        if (Files.size(vmlinux) != size || !startsWith(readStart(vmlinux), ELF)) {
            throw new KernelsException(bzImage + ": its " + format.name + " payload did not give the " + size
                    + "-byte ELF the header announces");
        }
    }

    /** The payload without its size trailer goes to the program's stdin, its stdout to the file. */
    private static void decompress(Format format, byte[] payload, Path into) throws IOException {
        Path program = HostTools.require(format.program, format.debianPackage);
        Process process = new ProcessBuilder(program.toString(), "-d", "-c")
                .redirectOutput(into.toFile()).start();
        CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> HostTools.text(process.getErrorStream()));
        try (OutputStream in = process.getOutputStream()) {
            in.write(payload, 0, payload.length - 4);
        }
        try {
            if (process.waitFor() != 0) {
                throw new KernelsException(format.program + " could not decompress the kernel: " + HostTools.tail(errors.join()));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new KernelsException("interrupted while decompressing the kernel", e);
        }
    }

    private static byte[] readStart(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(ELF.length);
        }
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
