package dev.landlockstudio.enforcer.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What {@code kernels list} shows of each stock kernel: what is cached, else what a fetch would take. */
public final class KernelList {

    /**
     * A stock kernel's row: its release and package when known (cached, or resolved from fetched lists).
     *
     * @param overlay whether its OverlayFS module is cached: "yes", "none" (no package on the mirror holds it), or
     *                "no" (not fetched yet)
     */
    public record Row(StockKernel kernel, String release, String packageName, boolean cached, String overlay) {
    }

    private KernelList() {
    }

    /** Never uses the network: packages not cached are resolved from the lists of an earlier fetch, if any. */
    public static List<Row> of(KernelCache cache) {
        PrivateApt apt = cache.apt();
        Map<StockKernel, KernelPackage> resolved = apt.hasLists() ? KernelPackage.resolve(apt, StockKernel.all()) : Map.of();
        List<Row> rows = new ArrayList<>();
        for (StockKernel kernel : StockKernel.all()) {
            var cached = cache.cached(kernel);
            KernelPackage source = cached.map(CachedKernel::source).orElse(resolved.get(kernel));
            OverlayModule overlay = cached.map(CachedKernel::overlay).orElse(null);
            String module = overlay == null ? "no" : overlay.file() != null ? "yes" : "none";
            rows.add(source == null ? new Row(kernel, null, null, false, module)
                    : new Row(kernel, source.release(), source.name(), cached.isPresent(), module));
        }
        return rows;
    }
}
