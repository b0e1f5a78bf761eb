package dev.landlockstudio.enforcer.cli;

import dev.landlockstudio.enforcer.kernels.CachedKernel;
import dev.landlockstudio.enforcer.kernels.KernelCache;
import dev.landlockstudio.enforcer.kernels.StockKernel;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The cached kernels a command boots, as {@code kernels check} and {@code try --kernel} choose them. */
final class CachedKernelChoice {

    private CachedKernelChoice() {
    }

    /**
     * The cached ones of {@code kernels}, in their order; empty, with the reason on {@code err}, when a kernel named is
     * not cached or none is. A kernel left out of every one asked for ({@code named} false) is said and skipped.
     *
     * @param command the command, as its messages start ("try", "kernels check")
     * @param notDone what a kernel skipped is not ("tried", "booted")
     */
    static Optional<List<CachedKernel>> of(KernelCache cache, List<StockKernel> kernels, boolean named, String command,
                                           String notDone, PrintWriter err) {
        List<CachedKernel> cached = new ArrayList<>();
        for (StockKernel kernel : kernels) {
            Optional<CachedKernel> found = cache.cached(kernel);
            if (found.isPresent()) {
                cached.add(found.get());
            } else if (named) {
                err.println(command + ": the kernel of ABI " + kernel.abi() + " is not cached in " + cache.dir()
                        + ": landlock-studio kernels fetch " + kernel.abi());
                return Optional.empty();
            } else {
                err.println("ABI " + kernel.abi() + " is not cached, not " + notDone + " (landlock-studio kernels fetch "
                        + kernel.abi() + ")");
            }
        }
        if (cached.isEmpty()) {
            err.println(command + ": no kernel is cached in " + cache.dir() + ": landlock-studio kernels fetch");
            return Optional.empty();
        }
        return Optional.of(cached);
    }
}
