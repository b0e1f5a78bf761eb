package dev.landlockstudio.enforcer.kernels;

import dev.landlockstudio.enforcer.sandbox.FileTrees;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Fetches stock kernels into a cache: for each one not cached and verified already, the private apt state's lists
 * (fetched once per call), the newest package of its series downloaded, its image taken out with dpkg-deb, and the
 * vmlinux inside it. One fetch into a folder at a time (a lock file); progress goes to a writer.
 */
public final class KernelFetch {

    private static final Pattern IMAGE = Pattern.compile("\\./boot/vmlinuz-[^/]+|\\./usr/lib/modules/[^/]+/vmlinuz");
    private final KernelCache cache;
    private final Path sources;
    private final PrintWriter progress;
    private boolean listsFetched;

    public KernelFetch(KernelCache cache, Path sources, PrintWriter progress) {
        this.cache = cache;
        this.sources = sources;
        this.progress = progress;
    }

    public List<CachedKernel> fetch(List<StockKernel> kernels) {
        try {
            Files.createDirectories(cache.dir());
            try (FileChannel channel = FileChannel.open(cache.dir().resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                try (FileLock lock = lock(channel)) {
                    List<CachedKernel> fetched = new ArrayList<>();
                    for (StockKernel kernel : kernels) {
                        fetched.add(cachedOrFetch(kernel));
                    }
                    return fetched;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FileLock lock(FileChannel channel) throws IOException {
        FileLock lock = channel.tryLock();
        if (lock == null) {
            say("waiting for another fetch into " + cache.dir());
            lock = channel.lock();
        }
        return lock;
    }

    private CachedKernel cachedOrFetch(StockKernel kernel) throws IOException {
        var cached = cache.cached(kernel);
        if (cached.isPresent() && KernelCache.verified(cached.get())) {
            say("ABI " + kernel.abi() + ": cached, " + cached.get().source().release() + " (" + cached.get().source().name() + ")");
            return cached.get();
        }
        if (cached.isPresent()) {
            say("ABI " + kernel.abi() + ": the cached image no longer has its SHA-256; fetching it again");
        }
        PrivateApt apt = cache.apt();
        if (!listsFetched) {
            DebianMirror mirror = DebianMirror.of(sources);
            say("fetching the package lists of " + mirror.uri() + " into " + cache.dir().resolve("apt"));
            apt.update(mirror);
            listsFetched = true;
        }
        KernelPackage source = KernelPackage.resolve(apt, List.of(kernel)).get(kernel);
        if (source == null) {
            throw new KernelsException(kernel.suite() + " has no linux-image-" + kernel.series()
                    + "*-cloud-amd64 package on this mirror (Debian may have dropped the series)");
        }
        Path work = cache.dir().resolve("abi-" + kernel.abi() + ".partial");
        FileTrees.delete(work);
        Files.createDirectories(work);
        try {
            long started = System.nanoTime();
            say("ABI " + kernel.abi() + ": downloading " + source.name() + " " + source.version());
            Path deb = apt.download(source.name(), source.version(), work);
            say("ABI " + kernel.abi() + ": taking the kernel out of " + deb.getFileName()
                    + String.format(Locale.ROOT, " (%.1f MB)", Files.size(deb) / 1e6));
            Path bzImage = work.resolve("vmlinuz");
            unpackImage(deb, bzImage);
            Path vmlinux = work.resolve("vmlinux");
            BzImage.extract(bzImage, vmlinux);
            CachedKernel stored = cache.store(source, vmlinux);
            say(String.format(Locale.ROOT, "ABI %d: cached %s in %.1f s", kernel.abi(), source.release(),
                    (System.nanoTime() - started) / 1e9));
            return stored;
        } finally {
            FileTrees.delete(work);
        }
    }

    /** The kernel image of a package: /boot/vmlinuz-RELEASE, or /usr/lib/modules/RELEASE/vmlinuz from 6.19 on. */
    private static void unpackImage(Path deb, Path into) throws IOException {
        String dpkgDeb = HostTools.require("dpkg-deb", "dpkg").toString();
        String tar = HostTools.require("tar", "tar").toString();
        String member = HostTools.run(List.of(dpkgDeb, "--contents", deb.toString()), null).lines()
                .filter(line -> line.startsWith("-"))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .filter(path -> IMAGE.matcher(path).matches()).findFirst()
                .orElseThrow(() -> new KernelsException(deb.getFileName() + " holds no kernel image"));
        List<Process> pipeline = ProcessBuilder.startPipeline(List.of(
                new ProcessBuilder(dpkgDeb, "--fsys-tarfile", deb.toString()),
                new ProcessBuilder(tar, "-x", "-O", "-f", "-", member).redirectOutput(into.toFile())));
        try {
            for (Process process : pipeline) {
                if (process.waitFor() != 0) {
                    throw new KernelsException("could not take " + member + " out of " + deb.getFileName() + ": "
                            + HostTools.tail(HostTools.text(process.getErrorStream())));
                }
            }
        } catch (InterruptedException e) {
            pipeline.forEach(Process::destroyForcibly);
            Thread.currentThread().interrupt();
            throw new KernelsException("interrupted while unpacking " + deb.getFileName(), e);
        }
    }

    private void say(String line) {
        progress.println(line);
        progress.flush();
    }
}
