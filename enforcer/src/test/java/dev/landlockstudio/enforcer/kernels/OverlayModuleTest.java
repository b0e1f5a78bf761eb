package dev.landlockstudio.enforcer.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.io.Reader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overlay module as kernel packages hold it (plain, xz or zstd, under /lib or /usr/lib/modules), unpacked with
 * Debian's xz and zstd, and kept in the cache beside the image; a kernel cached before modules were fetched still is.
 */
class OverlayModuleTest {

    /** The start of a relocatable 64-bit ELF object, as a kernel module begins, then some body. */
    private static byte[] module() {
        byte[] elf = new byte[4096];
        elf[0] = 0x7f;
        elf[1] = 'E';
        elf[2] = 'L';
        elf[3] = 'F';
        elf[4] = 2;
        elf[5] = 1;
        elf[16] = 1;
        for (int i = 64; i < elf.length; i++) {
            elf[i] = (byte) (i * 31);
        }
        return elf;
    }

    @Test
    void theMemberIsFoundWhereEachSeriesPutsIt() {
        assertThat(OverlayModule.MEMBER.matcher("./lib/modules/6.1.0-50-cloud-amd64/kernel/fs/overlayfs/overlay.ko").matches()).isTrue();
        assertThat(OverlayModule.MEMBER.matcher("./usr/lib/modules/7.3.4+deb13-cloud-amd64/kernel/fs/overlayfs/overlay.ko.xz")
                .matches()).isTrue();
        assertThat(OverlayModule.MEMBER.matcher("./usr/lib/modules/7.3.4/kernel/fs/overlayfs/overlay.ko.zst").matches()).isTrue();
        assertThat(OverlayModule.MEMBER.matcher("./usr/lib/modules/7.3.4/kernel/fs/fuse/fuse.ko.xz").matches()).isFalse();
        assertThat(OverlayModule.MEMBER.matcher("./usr/lib/modules/7.3.4/kernel/fs/overlayfs/overlay.ko.gz").matches()).isFalse();
    }

    @Test
    void eachCompressionIsUndone(@TempDir Path dir) throws Exception {
        byte[] module = module();
        Path plain = dir.resolve("overlay.ko");
        Files.write(plain, module);
        HostTools.run(List.of(HostTools.require("xz", "xz-utils").toString(), "-k", plain.toString()), dir);
        HostTools.run(List.of(HostTools.require("zstd", "zstd").toString(), "-q", plain.toString()), dir);
        for (String member : List.of("overlay.ko", "overlay.ko.xz", "overlay.ko.zst")) {
            Path into = dir.resolve("unpacked-" + member);
            OverlayModule.unpack(dir.resolve(member), "./usr/lib/modules/r/kernel/fs/overlayfs/" + member, into);
            assertThat(Files.readAllBytes(into)).as(member).isEqualTo(module);
        }
        assertThat(Files.size(dir.resolve("overlay.ko.xz"))).isLessThan(module.length);
    }

    @Test
    void whatIsNotAModuleIsRefused(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("overlay.ko.xz");
        Files.writeString(dir.resolve("overlay.ko"), "not a module");
        HostTools.run(List.of(HostTools.require("xz", "xz-utils").toString(), dir.resolve("overlay.ko").toString()), dir);
        assertThatThrownBy(() -> OverlayModule.unpack(text, "x/overlay.ko.xz", dir.resolve("out")))
                .isInstanceOf(KernelsException.class).hasMessage("x/overlay.ko.xz is not a kernel module once unpacked"
                        + " (no relocatable 64-bit ELF header)");
        Files.write(dir.resolve("broken.xz"), module());
        assertThatThrownBy(() -> OverlayModule.unpack(dir.resolve("broken.xz"), "overlay.ko.xz", dir.resolve("out2")))
                .isInstanceOf(KernelsException.class).hasMessageContaining("xz -d failed");
    }

    @Test
    void aKernelCachedWithoutItsModuleIsStillCachedAndGetsItLater(@TempDir Path dir) throws Exception {
        StockKernel abi2 = StockKernel.ofAbi(2).orElseThrow();
        KernelCache cache = new KernelCache(dir);
        KernelPackage source = new KernelPackage(abi2, "6.1.0-50-cloud-amd64", "linux-image-6.1.0-50-cloud-amd64", "6.1.176-1");
        Path image = dir.resolve("image");
        Files.writeString(image, "an image");
        CachedKernel stored = cache.store(source, image, OverlayModule.absent("no module"));
        assertThat(cache.cached(abi2).orElseThrow().overlayProblem()).isEqualTo("no module");

        // As a fetch before modules were fetched wrote it: no overlay keys.
        Path record = dir.resolve("abi-2/kernel.properties");
        Properties old = new Properties();
        try (Reader in = Files.newBufferedReader(record)) {
            old.load(in);
        }
        old.stringPropertyNames().stream().filter(k -> k.startsWith("overlay.")).forEach(old::remove);
        try (var out = Files.newBufferedWriter(record)) {
            old.store(out, null);
        }
        CachedKernel before = cache.cached(abi2).orElseThrow();
        assertThat(before.overlay()).isNull();
        assertThat(KernelCache.verified(before)).isTrue();
        assertThat(KernelCache.overlayVerified(before)).isFalse();
        assertThat(before.overlayProblem()).isEqualTo("the kernel was cached without its overlay module: landlock-studio"
                + " kernels fetch 2 fetches it");
        assertThat(KernelList.of(cache).get(0)).extracting(KernelList.Row::cached, KernelList.Row::overlay)
                .containsExactly(true, "no");

        Path module = dir.resolve("fetched.ko");
        Files.write(module, module());
        CachedKernel after = cache.storeOverlay(before, new OverlayModule(module, 0, null, source.name(), null));
        assertThat(after.overlay().file()).isEqualTo(dir.resolve("abi-2/overlay.ko"));
        assertThat(after.overlay().sha256()).isEqualTo(KernelCache.sha256(after.overlay().file()));
        assertThat(cache.cached(abi2).orElseThrow()).isEqualTo(after);
        assertThat(after.overlayProblem()).isNull();
        assertThat(KernelCache.overlayVerified(after)).isTrue();
        assertThat(after.sha256()).isEqualTo(stored.sha256());
        assertThat(KernelList.of(cache).get(0).overlay()).isEqualTo("yes");

        // A damaged module is fetched again; a missing one is not recorded.
        Files.write(after.overlay().file(), module(), java.nio.file.StandardOpenOption.APPEND);
        assertThat(cache.cached(abi2).orElseThrow().overlay()).isNull();
        byte[] changed = module();
        changed[100] ^= 1;
        Files.write(after.overlay().file(), changed);
        assertThat(KernelCache.overlayVerified(cache.cached(abi2).orElseThrow())).isFalse();
    }
}
