package dev.landlockstudio.enforcer.kernels;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A stock kernel's OverlayFS module, kept uncompressed beside its image as {@code abi-N/overlay.ko} (busybox's insmod
 * reads a plain ELF object), or why the cache has none: Debian builds OverlayFS as a module in every stock kernel.
 *
 * @param file    the module, null when there is none
 * @param missing why there is none (the mirror has no package holding it), else null
 */
public record OverlayModule(Path file, long size, String sha256, String packageName, String missing) {

    /** Where a kernel package holds the module: /lib/modules (bookworm) or /usr/lib/modules, compressed from 6.12 on. */
    static final Pattern MEMBER = Pattern.compile("\\./(usr/)?lib/modules/[^/]+/kernel/fs/overlayfs/overlay\\.ko(\\.xz|\\.zst)?");
    static final String FILE = "overlay.ko";
    private static final int ET_REL = 1;

    static OverlayModule absent(String missing) {
        return new OverlayModule(null, 0, null, null, missing);
    }

    /**
     * The module as {@link #MEMBER} {@code member} was packed ({@code packed}, taken out of its package), written
     * uncompressed to {@code into}: xz and zstd are undone by their Debian programs.
     *
     * @throws KernelsException when what comes out is not a relocatable 64-bit ELF object (a kernel module)
     */
    static void unpack(Path packed, String member, Path into) throws IOException {
        if (member.endsWith(".xz")) {
            HostTools.runInto(List.of(HostTools.require("xz", "xz-utils").toString(), "-d", "-c", packed.toString()), into);
        } else if (member.endsWith(".zst")) {
            HostTools.runInto(List.of(HostTools.require("zstd", "zstd").toString(), "-d", "-q", "-c", packed.toString()), into);
        } else {
            Files.copy(packed, into);
        }
        byte[] header = new byte[18];
        int read;
        try (InputStream in = Files.newInputStream(into)) {
            read = in.readNBytes(header, 0, header.length);
        }
        boolean module = read == header.length && header[0] == 0x7f && header[1] == 'E' && header[2] == 'L' && header[3] == 'F'
                && header[4] == 2 && header[16] == ET_REL && header[17] == 0;
        if (!module) {
            throw new KernelsException(member + " is not a kernel module once unpacked (no relocatable 64-bit ELF header)");
        }
    }
}
