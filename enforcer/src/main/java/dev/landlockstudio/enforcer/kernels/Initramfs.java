package dev.landlockstudio.enforcer.kernels;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * An initramfs as the kernel unpacks it (and a resumed VM's files as landlock-studio-receive does): a cpio archive in the "newc" format (a 110-byte ASCII header per entry,
 * name and data each padded to 4 bytes, a TRAILER!!! entry last), owned by root.
 */
public final class Initramfs {

    private static final int DIRECTORY = 0040000;
    private static final int REGULAR = 0100000;
    private static final int CHARACTER_DEVICE = 0020000;

    private record Entry(String name, int mode, byte[] data, int deviceMajor, int deviceMinor) {
    }

    private final List<Entry> entries = new ArrayList<>();

    public Initramfs directory(String name) {
        entries.add(new Entry(name, DIRECTORY | 0755, new byte[0], 0, 0));
        return this;
    }

    public Initramfs file(String name, int permissions, byte[] data) {
        entries.add(new Entry(name, REGULAR | permissions, data, 0, 0));
        return this;
    }

    public Initramfs characterDevice(String name, int major, int minor) {
        entries.add(new Entry(name, CHARACTER_DEVICE | 0600, new byte[0], major, minor));
        return this;
    }

    /**
     * Adds the directory {@code tree} as {@code name}, with everything beneath it: directories, regular files (with
     * their permissions) and character devices (with their numbers; nothing opens them). Anything else is refused.
     */
    public Initramfs tree(String name, Path tree) throws IOException {
        List<Path> found;
        try (Stream<Path> walk = Files.walk(tree)) {
            found = walk.sorted().toList();
        }
        for (Path path : found) {
            String entry = path.equals(tree) ? name : name + "/" + tree.relativize(path);
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                directory(entry);
            } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                file(entry, permissions(path), Files.readAllBytes(path));
            } else if ((int) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) / 010000 * 010000
                    == CHARACTER_DEVICE) {
                long device = (long) Files.getAttribute(path, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
                // st_rdev as the C library encodes a device number (gnu_dev_major, gnu_dev_minor).
                characterDevice(entry, (int) (((device >>> 8) & 0xfff) | ((device >>> 32) & ~0xfffL)),
                        (int) ((device & 0xff) | ((device >>> 12) & 0xfff00)));
            } else {
                throw new IOException(path + " is neither a directory, a regular file nor a character device");
            }
        }
        return this;
    }

    private static int permissions(Path file) throws IOException {
        int mode = 0;
        for (PosixFilePermission permission : Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)) {
            mode |= 0400 >> permission.ordinal();
        }
        return mode;
    }

    public void write(Path cpio) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(cpio))) {
            int inode = 1;
            for (Entry entry : entries) {
                int links = (entry.mode & 0170000) == DIRECTORY ? 2 : 1;
                header(out, entry.name, inode++, entry.mode, links, entry.data.length, entry.deviceMajor, entry.deviceMinor);
                out.write(entry.data);
                pad(out, entry.data.length);
            }
            header(out, "TRAILER!!!", 0, 0, 1, 0, 0, 0);
        }
    }

    /** Writes an entry's header and its name, padded so that the data starts on 4 bytes. */
    private static void header(OutputStream out, String name, int inode, int mode, int links, int size, int major, int minor)
            throws IOException {
        byte[] path = (name + "\0").getBytes(StandardCharsets.UTF_8);
        StringBuilder header = new StringBuilder("070701");
        for (long field : new long[] {inode, mode, 0, 0, links, 0, size, 0, 0, major, minor, path.length, 0}) {
            header.append(String.format("%08x", field));
        }
        out.write(header.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(path);
        pad(out, 110 + path.length);
    }

    private static void pad(OutputStream out, long length) throws IOException {
        out.write(new byte[(int) ((4 - length % 4) % 4)]);
    }
}
