package dev.landlockstudio.enforcer.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mirror that cannot be reached fails the fetch with what to check, and nothing looks cached after it. */
class KernelFetchTest {

    @Test
    void anUnreachableMirrorIsAnErrorThatSaysSo(@TempDir Path dir) throws Exception {
        Path sources = dir.resolve("debian.sources");
        // Nothing listens on the loopback's discard port: the connection is refused at once.
        Files.writeString(sources, "Types: deb\nURIs: http://127.0.0.1:9/debian\nSuites: bookworm\nComponents: main\n");
        KernelCache cache = new KernelCache(dir.resolve("kernels"));
        StringWriter progress = new StringWriter();
        assertThatThrownBy(() -> new KernelFetch(cache, sources, new PrintWriter(progress)).fetch(StockKernel.ofAbis(List.of(2))))
                .isInstanceOf(KernelsException.class)
                .hasMessageContaining("cannot fetch the package lists of http://127.0.0.1:9/debian (is the network or the mirror reachable?)")
                .hasMessageContaining("127.0.0.1:9");
        assertThat(progress.toString()).contains("fetching the package lists of http://127.0.0.1:9/debian");
        assertThat(cache.cached(StockKernel.ofAbi(2).orElseThrow())).isEmpty();
        assertThat(Files.readString(cache.dir().resolve("apt/sources.list")))
                .contains("http://127.0.0.1:9/debian bookworm main", "http://127.0.0.1:9/debian trixie-backports main");
    }
}
