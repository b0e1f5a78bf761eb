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
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Fetches stock kernels into a cache: for each one not cached and verified already, the private apt state's lists
 * (fetched once per call), the newest package of its series downloaded, its image taken out with dpkg-deb, and the
 * vmlinux inside it, with its OverlayFS module; a kernel cached without its module gets just the module. One fetch into
 * a folder at a time (a lock file); progress goes to a writer.
 */
public final class KernelFetch {

    private static final Pattern IMAGE = Pattern.compile("\\./boot/vmlinuz-[^/]+|\\./usr/lib/modules/[^/]+/vmlinuz");
    private final KernelCache cache;
    private final Path sources;
    private final PrintWriter progress;
    private boolean listsFetched;
    private boolean bars;

    public KernelFetch(KernelCache cache, Path sources, PrintWriter progress) {
        this.cache = cache;
        this.sources = sources;
        this.progress = progress;
    }

    /** Draws each download's progress as a bar, redrawn in place: for a terminal. */
    public KernelFetch drawingBars() {
        bars = true;
        return this;
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
            if (KernelCache.overlayVerified(cached.get())) {
                return cached.get();
            }
            say("ABI " + kernel.abi() + ": its overlay module is not cached (or no longer has its SHA-256); fetching it");
            return inWork(kernel, work -> cache.storeOverlay(cached.get(), fetchOverlay(cached.get().source(), null, work)));
        }
        if (cached.isPresent()) {
            say("ABI " + kernel.abi() + ": the cached image no longer has its SHA-256; fetching it again");
        }
        KernelPackage source = KernelPackage.resolve(lists(), List.of(kernel)).get(kernel);
        if (source == null) {
            throw new KernelsException(kernel.suite() + " has no linux-image-" + kernel.series()
                    + "*-cloud-amd64 package on this mirror (Debian may have dropped the series)");
        }
        return inWork(kernel, work -> {
            long started = System.nanoTime();
            say("ABI " + kernel.abi() + ": downloading " + source.name() + " " + source.version());
            Path deb = download(kernel.abi(), source.name(), source.version(), work);
            say("ABI " + kernel.abi() + ": taking the kernel out of " + deb.getFileName()
                    + String.format(Locale.ROOT, " (%.1f MB)", Files.size(deb) / 1e6));
            Path bzImage = work.resolve("vmlinuz");
            extract(deb, member(deb, IMAGE).orElseThrow(() -> new KernelsException(deb.getFileName()
                    + " holds no kernel image")), bzImage);
            Path vmlinux = work.resolve("vmlinux");
            BzImage.extract(bzImage, vmlinux);
            CachedKernel stored = cache.store(source, vmlinux, fetchOverlay(source, deb, work));
            say(String.format(Locale.ROOT, "ABI %d: cached %s in %.1f s", kernel.abi(), source.release(),
                    (System.nanoTime() - started) / 1e9));
            return stored;
        });
    }

    private interface Step {
        CachedKernel run(Path work) throws IOException;
    }

    /** Runs a step in the kernel's partial folder, made empty first and removed after. */
    private CachedKernel inWork(StockKernel kernel, Step step) throws IOException {
        Path work = cache.dir().resolve("abi-" + kernel.abi() + ".partial");
        FileTrees.delete(work);
        Files.createDirectories(work);
        try {
            return step.run(work);
        } finally {
            FileTrees.delete(work);
        }
    }

    /** The private apt state, its lists fetched once per call. */
    private PrivateApt lists() {
        PrivateApt apt = cache.apt();
        if (!listsFetched) {
            DebianMirror mirror = DebianMirror.of(sources);
            say("fetching the package lists of " + mirror.uri() + " into " + cache.dir().resolve("apt"));
            apt.update(mirror);
            listsFetched = true;
        }
        return apt;
    }

    /**
     * The kernel's OverlayFS module, unpacked into {@code work}: from its linux-image package (which carries the
     * modules up to 6.16; {@code imageDeb} when downloaded already), else from linux-modules-RELEASE (from 6.19 on),
     * or why neither holds it.
     */
    private OverlayModule fetchOverlay(KernelPackage source, Path imageDeb, Path work) throws IOException {
        int abi = source.kernel().abi();
        PrivateApt apt = lists();
        String modules = "linux-modules-" + source.release();
        List<String> holders = new ArrayList<>();
        if (source.name().startsWith("linux-image-")) {
            holders.add(source.name());
        }
        if (apt.versions(List.of(modules)).stream().anyMatch(line -> line.split("\\|")[1].strip().equals(source.version()))) {
            holders.add(modules);
        }
        for (String holder : holders) {
            Path deb = holder.equals(source.name()) && imageDeb != null ? imageDeb : download(abi, holder, source.version(), work);
            Optional<String> member = member(deb, OverlayModule.MEMBER);
            if (member.isPresent()) {
                Path packed = work.resolve("overlay.packed");
                Path module = work.resolve(OverlayModule.FILE);
                extract(deb, member.get(), packed);
                OverlayModule.unpack(packed, member.get(), module);
                say(String.format(Locale.ROOT, "ABI %d: overlay module from %s (%.0f kB unpacked)", abi, holder,
                        Files.size(module) / 1e3));
                return new OverlayModule(module, Files.size(module), null, holder, null);
            }
        }
        String missing = holders.isEmpty() ? "the mirror has no " + modules + " " + source.version()
                + " package, which would hold its overlay module"
                : "no package of " + source.release() + " on the mirror holds overlay.ko (looked in " + String.join(", ", holders) + ")";
        say("ABI " + abi + ": no overlay module: " + missing);
        return OverlayModule.absent(missing);
    }

    /** The path of the package's first regular file that {@code pattern} matches, as dpkg-deb lists it. */
    private static Optional<String> member(Path deb, Pattern pattern) {
        String dpkgDeb = HostTools.require("dpkg-deb", "dpkg").toString();
        return HostTools.run(List.of(dpkgDeb, "--contents", deb.toString()), null).lines()
                .filter(line -> line.startsWith("-"))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .filter(path -> pattern.matcher(path).matches()).findFirst();
    }

    /** One file of a package, written to {@code into}. */
    private static void extract(Path deb, String member, Path into) throws IOException {
        String dpkgDeb = HostTools.require("dpkg-deb", "dpkg").toString();
        String tar = HostTools.require("tar", "tar").toString();
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

    private Path download(int abi, String name, String version, Path work) {
        if (!bars) {
            return cache.apt().download(name, version, work);
        }
        try (DownloadBar bar = new DownloadBar(work, name + "_", cache.apt().size(name, version), "ABI " + abi + ": ", progress)) {
            return cache.apt().download(name, version, work);
        }
    }

    private void say(String line) {
        progress.println(line);
        progress.flush();
    }
}
