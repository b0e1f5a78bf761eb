package dev.landlockstudio.enforcer.kernels;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Debian package that holds a stock kernel's image: linux-image-RELEASE, or linux-binary-RELEASE where the image
 * package only depends on it (from 6.19 on).
 */
public record KernelPackage(StockKernel kernel, String release, String name, String version) {

    /** The cloud flavour: the smallest image with Landlock, built for VMs. */
    static final String NAMES = "^linux-(image|binary)-[0-9].*-cloud-amd64$";
    private static final Pattern MADISON = Pattern.compile("\\s*(\\S+)\\s*\\|\\s*(\\S+)\\s*\\|\\s*\\S+\\s+(\\S+?)/\\S+\\s.*");
    private static final Pattern NUMBERS = Pattern.compile("\\d+");

    /** The newest package of each kernel that the private apt state's lists have (none for a kernel they lack). */
    static Map<StockKernel, KernelPackage> resolve(PrivateApt apt, List<StockKernel> kernels) {
        List<String> madison = apt.versions(apt.names(NAMES));
        Map<StockKernel, KernelPackage> packages = new LinkedHashMap<>();
        for (StockKernel kernel : kernels) {
            newest(kernel, madison).ifPresent(p -> packages.put(kernel, p));
        }
        return packages;
    }

    /**
     * The newest package of the kernel's series in its suite, from {@code apt-cache madison} lines of the image and
     * binary packages; empty when the suite has none.
     */
    static Optional<KernelPackage> newest(StockKernel kernel, List<String> madison) {
        List<String[]> inSuite = madison.stream().map(MADISON::matcher).filter(Matcher::matches)
                .filter(m -> m.group(3).equals(kernel.suite()))
                .map(m -> new String[] {m.group(1), m.group(2)}).toList();
        return inSuite.stream().filter(p -> p[0].startsWith("linux-image-"))
                .map(p -> p[0].substring("linux-image-".length()))
                .filter(kernel::hasRelease)
                .max(Comparator.comparing(KernelPackage::numbers, KernelPackage::compare))
                .map(release -> {
                    String binary = "linux-binary-" + release;
                    String[] chosen = inSuite.stream().filter(p -> p[0].equals(binary)).findFirst()
                            .orElseGet(() -> inSuite.stream().filter(p -> p[0].equals("linux-image-" + release))
                                    .findFirst().orElseThrow());
                    return new KernelPackage(kernel, release, chosen[0], chosen[1]);
                });
    }

    /** A release's numbers in order (6.12.90+deb12.1 gives 6 12 90 12 1): the name carries the version. */
    private static List<Integer> numbers(String release) {
        String version = release.substring(0, release.length() - "-cloud-amd64".length());
        return NUMBERS.matcher(version).results().map(r -> Integer.parseInt(r.group())).toList();
    }

    private static int compare(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int order = Integer.compare(a.get(i), b.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
