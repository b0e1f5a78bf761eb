package dev.landlockstudio.enforcer.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadBarTest {

    @Test
    void theBarFillsWithThePackagesBytesAgainstTheSizeExpected() {
        assertThat(DownloadBar.bar(0, 1000)).isEqualTo("[" + " ".repeat(30) + "] 0.0 / 0.0 MB");
        assertThat(DownloadBar.bar(16_000_000, 37_800_000)).startsWith("[" + "#".repeat(12) + " ".repeat(18) + "]")
                .endsWith(" 16.0 / 37.8 MB");
        assertThat(DownloadBar.bar(40_000_000, 37_800_000)).startsWith("[" + "#".repeat(30) + "]");
        assertThat(DownloadBar.bar(5, 0)).startsWith("[" + " ".repeat(30) + "]");
    }

    @Test
    void onlyThePackagesOwnFileCounts(@TempDir Path folder) throws Exception {
        Files.write(folder.resolve("linux-image-7.2_1_amd64.deb"), new byte[3_000_000]);
        Files.write(folder.resolve("linux-modules-7.2_1_amd64.deb"), new byte[1_500_000]);
        StringWriter drawn = new StringWriter();
        try (DownloadBar bar = new DownloadBar(folder, "linux-modules-7.2_", 3_000_000, "ABI 10: ", new PrintWriter(drawn))) {
            assertThat(bar).isNotNull();
        }
        assertThat(drawn.toString()).startsWith("\rABI 10: [").endsWith("] 1.5 / 3.0 MB" + System.lineSeparator())
                .contains("[" + "#".repeat(15) + " ".repeat(15) + "]");
    }
}
