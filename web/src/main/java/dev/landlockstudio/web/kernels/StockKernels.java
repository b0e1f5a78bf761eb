package dev.landlockstudio.web.kernels;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.enforcer.kernels.CachedKernel;
import dev.landlockstudio.enforcer.kernels.KernelCache;
import dev.landlockstudio.enforcer.kernels.StockKernel;
import dev.landlockstudio.web.api.RequestRefused;
import dev.landlockstudio.web.config.StudioProperties;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The stock kernels this server can boot for a dry run: those {@code landlock-studio kernels fetch} left in its kernel
 * cache ({@code landlock-studio.kernel-cache}), each chosen by the Landlock ABI it is listed with.
 */
@Component
public class StockKernels {

    /** One kernel Debian carries: whether it is cached here, and then the release it is. */
    public record Listed(int abi, String suite, String series, boolean cached, String release) {
    }

    /** The kernel cache and every kernel Debian carries, by ABI. */
    public record Listing(String cache, List<Listed> kernels) {

        /** "2, 11": the ABIs of the kernels cached, empty when none is. */
        @JsonIgnore
        public String cachedAbis() {
            return kernels.stream().filter(Listed::cached).map(k -> String.valueOf(k.abi())).collect(Collectors.joining(", "));
        }
    }

    private final KernelCache cache;

    public StockKernels(StudioProperties properties) {
        this.cache = new KernelCache(properties.kernelCache());
    }

    public Listing listing() {
        return new Listing(cache.dir().toString(), StockKernel.all().stream().map(kernel -> {
            Optional<CachedKernel> cached = cache.cached(kernel);
            return new Listed(kernel.abi(), kernel.suite(), kernel.series(), cached.isPresent(),
                    cached.map(c -> c.source().release()).orElse(null));
        }).toList());
    }

    /**
     * The cached kernels of {@code abis} (at {@code /kernels}), every cached one when empty, by ABI. An ABI Debian has no
     * kernel for is a problem at its place in the list; with none cached at all the server cannot boot any: 503 saying
     * how to fetch them; an ABI not cached is a problem at its place, saying how to fetch it.
     */
    public List<CachedKernel> choose(List<Integer> abis) {
        for (int i = 0; i < abis.size(); i++) {
            try {
                StockKernel.ofAbis(List.of(abis.get(i)));
            } catch (IllegalArgumentException e) {
                throw new InvalidDocumentException("/kernels/" + i, e.getMessage());
            }
        }
        List<CachedKernel> cached = StockKernel.all().stream().flatMap(k -> cache.cached(k).stream()).toList();
        if (cached.isEmpty()) {
            throw new RequestRefused(HttpStatus.SERVICE_UNAVAILABLE, "no-kernels", "no stock kernel is cached in "
                    + cache.dir() + ": fetch them with landlock-studio kernels fetch --dir " + cache.dir()
                    + " (or set landlock-studio.kernel-cache to where they are)");
        }
        if (abis.isEmpty()) {
            return cached;
        }
        List<CachedKernel> chosen = new ArrayList<>();
        for (int i = 0; i < abis.size(); i++) {
            int abi = abis.get(i);
            String pointer = "/kernels/" + i;
            CachedKernel found = cached.stream().filter(c -> c.abi() == abi).findFirst().orElseThrow(() ->
                    new InvalidDocumentException(pointer, "the kernel of ABI " + abi
                            + " is not cached in " + cache.dir() + ": landlock-studio kernels fetch --dir " + cache.dir() + " " + abi));
            if (!chosen.contains(found)) {
                chosen.add(found);
            }
        }
        chosen.sort(Comparator.comparingInt(CachedKernel::abi));
        return chosen;
    }
}
