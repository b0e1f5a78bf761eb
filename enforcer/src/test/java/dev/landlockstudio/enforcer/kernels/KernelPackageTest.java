package dev.landlockstudio.enforcer.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which package a stock kernel is fetched from, read from apt-cache madison's lines, and the mirror from apt's sources. */
class KernelPackageTest {

    private static final String MIRROR = "http://deb.debian.org/debian";

    private static String line(String name, String version, String suite) {
        return String.format("%s | %s | %s %s/main amd64 Packages", name, version, MIRROR, suite);
    }

    @Test
    void theNewestOfTheSeriesInTheSuiteIsTaken() {
        List<String> madison = List.of(
                line("linux-image-6.1.0-47-cloud-amd64", "6.1.170-1", "bookworm"),
                line("linux-image-6.1.0-50-cloud-amd64", "6.1.176-1", "bookworm"),
                line("linux-image-6.12.95+deb12-cloud-amd64", "6.12.95-1~bpo12+1", "bookworm-backports"),
                line("linux-image-6.12.90+deb12.1-cloud-amd64", "6.12.90-1.1~bpo12+1", "bookworm-backports"),
                line("linux-image-6.12.117+deb13-cloud-amd64", "6.12.117-1", "trixie"),
                line("linux-image-6.16.3+deb13-cloud-amd64", "6.16.3-1~bpo13+1", "trixie-backports"),
                line("linux-image-6.16.12+deb13-cloud-amd64", "6.16.12-1~bpo13+1", "trixie-backports"));
        assertThat(KernelPackage.newest(StockKernel.ofAbi(2).orElseThrow(), madison)).get()
                .extracting(KernelPackage::name, KernelPackage::version)
                .containsExactly("linux-image-6.1.0-50-cloud-amd64", "6.1.176-1");
        // 6.12 of bookworm-backports, not trixie's newer 6.12.117, and not 6.1 nor 6.16 whose names start alike.
        assertThat(KernelPackage.newest(StockKernel.ofAbi(6).orElseThrow(), madison)).get()
                .extracting(KernelPackage::release).isEqualTo("6.12.95+deb12-cloud-amd64");
        assertThat(KernelPackage.newest(StockKernel.ofAbi(7).orElseThrow(), madison)).get()
                .extracting(KernelPackage::release).isEqualTo("6.16.12+deb13-cloud-amd64");
        assertThat(KernelPackage.newest(StockKernel.ofAbi(8).orElseThrow(), madison)).isEmpty();
    }

    @Test
    void aRebuildIsNewerAndTheBinaryPackageHoldsTheImageWhereThereIsOne() {
        List<String> madison = List.of(
                line("linux-image-7.0.9+deb13-cloud-amd64", "7.0.9-1~bpo13+1", "trixie-backports"),
                line("linux-image-7.0.13+deb13-cloud-amd64", "7.0.13-1~bpo13+1", "trixie-backports"),
                line("linux-binary-7.0.13+deb13-cloud-amd64", "7.0.13-1~bpo13+1", "trixie-backports"),
                line("linux-image-6.12.90+deb12-cloud-amd64", "6.12.90-1~bpo12+1", "bookworm-backports"),
                line("linux-image-6.12.90+deb12.1-cloud-amd64", "6.12.90-1.1~bpo12+1", "bookworm-backports"));
        assertThat(KernelPackage.newest(StockKernel.ofAbi(8).orElseThrow(), madison)).get()
                .extracting(KernelPackage::name).isEqualTo("linux-binary-7.0.13+deb13-cloud-amd64");
        assertThat(KernelPackage.newest(StockKernel.ofAbi(6).orElseThrow(), madison)).get()
                .extracting(KernelPackage::release).isEqualTo("6.12.90+deb12.1-cloud-amd64");
    }

    @Test
    void anAbiDebianHasNoKernelForNamesThoseItHas() {
        assertThat(StockKernel.ofAbis(List.of())).hasSize(7);
        assertThatThrownBy(() -> StockKernel.ofAbis(List.of(2, 3)))
                .hasMessage("Debian has no stock kernel of Landlock ABI 3; it has ABI 2, 6, 7, 8, 9, 10, 11");
    }

    @Test
    void theMirrorIsTheMainArchivesStanza(@TempDir Path dir) throws Exception {
        Path sources = dir.resolve("debian.sources");
        Files.writeString(sources, """
                Types: deb
                URIs: http://security.example/debian-security
                Suites: bookworm-security
                Components: main

                Types: deb
                # a comment
                URIs: http://mirror.example/debian http://other.example/debian
                Suites: bookworm bookworm-updates
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
                """);
        DebianMirror mirror = DebianMirror.of(sources);
        assertThat(mirror).isEqualTo(new DebianMirror("http://mirror.example/debian", "/usr/share/keyrings/debian-archive-keyring.gpg"));
        assertThat(mirror.sourceLine("trixie-backports")).isEqualTo(
                "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://mirror.example/debian trixie-backports main");
        assertThatThrownBy(() -> DebianMirror.of(dir.resolve("missing")))
                .isInstanceOf(KernelsException.class).hasMessageContaining("cannot read " + dir.resolve("missing"));
    }
}
