package dev.landlockstudio.enforcer.kernels;

import java.util.List;
import java.util.Optional;

/**
 * A kernel series that a Debian suite carries, by the Landlock ABI it reports when booted (checked by
 * {@code kernels check}); Debian carries none of ABI 1, 3, 4 or 5. The package is the newest of the series in the suite.
 */
public record StockKernel(int abi, String suite, String series) {

    private static final List<StockKernel> DEBIAN = List.of(
            new StockKernel(2, "bookworm", "6.1"),
            new StockKernel(6, "bookworm-backports", "6.12"),
            new StockKernel(7, "trixie-backports", "6.16"),
            new StockKernel(8, "trixie-backports", "7.0"),
            new StockKernel(9, "trixie-backports", "7.1"),
            new StockKernel(10, "trixie-backports", "7.2"),
            new StockKernel(11, "trixie-backports", "7.3"));

    public static List<StockKernel> all() {
        return DEBIAN;
    }

    public static Optional<StockKernel> ofAbi(int abi) {
        return DEBIAN.stream().filter(k -> k.abi == abi).findFirst();
    }

    /** The kernels of these ABIs, all when none is named; an ABI Debian has no kernel for is an error saying which it has. */
    public static List<StockKernel> ofAbis(List<Integer> abis) {
        if (abis == null || abis.isEmpty()) {
            return DEBIAN;
        }
        return abis.stream().distinct().map(abi -> ofAbi(abi).orElseThrow(() -> new IllegalArgumentException(
                "Debian has no stock kernel of Landlock ABI " + abi + "; it has ABI "
                        + String.join(", ", DEBIAN.stream().map(k -> String.valueOf(k.abi)).toList())))).toList();
    }

    /** Whether a kernel release (6.1.0-50-cloud-amd64, 7.3.4+deb13-cloud-amd64) is of this series. */
    public boolean hasRelease(String release) {
        return release.startsWith(series + ".") || release.startsWith(series + "-");
    }
}
