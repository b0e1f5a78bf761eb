package dev.landlockstudio.web.config;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * H2's files, private to this user whatever the umask: the database URL names {@code private:DIR/NAME}, and every
 * file H2 creates through it (the {@code .mv.db}, the {@code .trace.db} written on the first error, temporary and
 * compaction files) is created 0600, every directory 0700; a file opened for writing that is more open is
 * tightened first. Without {@link #register()} the URL is refused, so the guard cannot be skipped by accident.
 */
public class PrivateFiles extends FilePathWrapper {

    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    /** Makes the {@code private:} prefix known to H2; once per JVM is enough, again is harmless. */
    public static void register() {
        FilePath.register(new PrivateFiles());
    }

    /** H2 makes one of these per path, through this constructor. */
    public PrivateFiles() {
    }

    @Override
    public String getScheme() {
        return "private";
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        if (mode.contains("w")) {
            createPrivately();
        }
        return super.open(mode);
    }

    @Override
    public OutputStream newOutputStream(boolean append) throws IOException {
        createPrivately();
        return super.newOutputStream(append);
    }

    @Override
    public boolean createFile() {
        try {
            Files.createFile(path(), PosixFilePermissions.asFileAttribute(FILE));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void createDirectory() {
        try {
            Files.createDirectories(path(), PosixFilePermissions.asFileAttribute(DIRECTORY));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public FilePath createTempFile(String suffix, boolean inTempDir) throws IOException {
        FilePath file = super.createTempFile(suffix, inTempDir);
        Files.setPosixFilePermissions(Path.of(file.unwrap().toString()), FILE);
        return file;
    }

    /** The file, created 0600 if missing, tightened to 0600 if it exists (an older version's, or copied in). */
    private void createPrivately() throws IOException {
        Path path = path();
        FileAttribute<Set<PosixFilePermission>> privately = PosixFilePermissions.asFileAttribute(FILE);
        try {
            Files.createFile(path, privately);
        } catch (FileAlreadyExistsException e) {
            if (!Files.getPosixFilePermissions(path).equals(FILE)) {
                Files.setPosixFilePermissions(path, FILE);
            }
        }
    }

    private Path path() {
        return Path.of(getBase().toString());
    }
}
