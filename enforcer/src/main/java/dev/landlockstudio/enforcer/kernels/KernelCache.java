package dev.landlockstudio.enforcer.kernels;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;

/**
 * The folder of fetched kernels: {@code abi-N/vmlinux} and {@code abi-N/overlay.ko} with {@code abi-N/kernel.properties}
 * (their package and SHA-256, or why there is no module), written last, so a fetch cut short leaves nothing that looks
 * cached; {@code abi-N/saved-boot/}, the kernel booted once and saved for trials ({@link SavedBoots}); and
 * {@code apt/}, the private apt state the packages are fetched with.
 */
public final class KernelCache {

    /** Beside the web app's database, under its default data directory. */
    public static final Path DEFAULT = Path.of("data", "kernels");
    private static final String RECORD = "kernel.properties";
    private final Path dir;

    public KernelCache(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    PrivateApt apt() {
        return new PrivateApt(dir.resolve("apt"));
    }

    Path folder(StockKernel kernel) {
        return dir.resolve("abi-" + kernel.abi());
    }

    /** The kernel as recorded, if its image is there with the recorded size (its hash is checked by {@link #verified}). */
    public Optional<CachedKernel> cached(StockKernel kernel) {
        Path record = folder(kernel).resolve(RECORD);
        Path vmlinux = folder(kernel).resolve("vmlinux");
        if (!Files.isRegularFile(record)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(record)) {
            p.load(in);
            long size = Long.parseLong(p.getProperty("size", "-1"));
            if (!Files.isRegularFile(vmlinux) || Files.size(vmlinux) != size) {
                return Optional.empty();
            }
            KernelPackage source = new KernelPackage(kernel, p.getProperty("release"), p.getProperty("package"),
                    p.getProperty("version"));
            return Optional.of(new CachedKernel(source, vmlinux, size, p.getProperty("sha256"), overlay(p, folder(kernel))));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The module as recorded, null when none is (or its file is not there with the recorded size). */
    private static OverlayModule overlay(Properties p, Path folder) throws IOException {
        if (p.getProperty("overlay.missing") != null) {
            return OverlayModule.absent(p.getProperty("overlay.missing"));
        }
        Path file = folder.resolve(OverlayModule.FILE);
        long size = Long.parseLong(p.getProperty("overlay.size", "-1"));
        if (p.getProperty("overlay.sha256") == null || !Files.isRegularFile(file) || Files.size(file) != size) {
            return null;
        }
        return new OverlayModule(file, size, p.getProperty("overlay.sha256"), p.getProperty("overlay.package"), null);
    }

    /** Whether the kernel's overlay module is recorded, and still has its SHA-256 if there is one. */
    static boolean overlayVerified(CachedKernel kernel) {
        OverlayModule overlay = kernel.overlay();
        try {
            return overlay != null && (overlay.file() == null || sha256(overlay.file()).equals(overlay.sha256()));
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the image still has the SHA-256 it had when fetched. */
    static boolean verified(CachedKernel kernel) {
        try {
            return sha256(kernel.vmlinux()).equals(kernel.sha256());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Moves a fetched image and its module ({@code overlay}: its file where the fetch left it, or why there is none)
     * into place and writes the record last.
     */
    CachedKernel store(KernelPackage source, Path vmlinux, OverlayModule overlay) throws IOException {
        Path folder = folder(source.kernel());
        Files.createDirectories(folder);
        Files.deleteIfExists(folder.resolve(RECORD));
        Path target = folder.resolve("vmlinux");
        Files.move(vmlinux, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return storeOverlay(new CachedKernel(source, target, Files.size(target), sha256(target), null), overlay);
    }

    /** Moves a fetched module into place beside a cached kernel and writes its record again, the module's included. */
    CachedKernel storeOverlay(CachedKernel kernel, OverlayModule overlay) throws IOException {
        Path folder = folder(kernel.source().kernel());
        OverlayModule stored = overlay;
        if (overlay.file() != null) {
            Path target = folder.resolve(OverlayModule.FILE);
            Files.move(overlay.file(), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            stored = new OverlayModule(target, Files.size(target), sha256(target), overlay.packageName(), null);
        }
        CachedKernel cached = new CachedKernel(kernel.source(), kernel.vmlinux(), kernel.size(), kernel.sha256(), stored);
        KernelPackage source = kernel.source();
        Properties p = new Properties();
        p.setProperty("abi", String.valueOf(source.kernel().abi()));
        p.setProperty("suite", source.kernel().suite());
        p.setProperty("release", source.release());
        p.setProperty("package", source.name());
        p.setProperty("version", source.version());
        p.setProperty("size", String.valueOf(cached.size()));
        p.setProperty("sha256", cached.sha256());
        if (stored.file() != null) {
            p.setProperty("overlay.package", stored.packageName());
            p.setProperty("overlay.size", String.valueOf(stored.size()));
            p.setProperty("overlay.sha256", stored.sha256());
        } else {
            p.setProperty("overlay.missing", stored.missing());
        }
        Path partial = folder.resolve(RECORD + ".partial");
        try (Writer out = Files.newBufferedWriter(partial)) {
            p.store(out, "a stock kernel fetched by landlock-studio kernels fetch");
        }
        Files.move(partial, folder.resolve(RECORD), StandardCopyOption.ATOMIC_MOVE);
        return cached;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
