package dev.landlockstudio.enforcer.kernels;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a booted kernel said of itself: its release and Landlock ABI (or the errno that says it has none), its errata,
 * and how long the boot took; or, when it said nothing, why (the end of its console). {@code console} holds the
 * console's lines (its last ones, for a kernel that printed on and on), where an image's own programs report.
 */
public record BootReport(CachedKernel kernel, String release, Integer abi, String errno, long errata, Duration took,
                         String problem, List<String> console) {

    private static final Pattern LINE = Pattern.compile(
            "landlock-studio-kernel release=(\\S+) abi=(?:(\\d+) errata=(\\d+)|none errno=(\\S+))");

    /** The report in a console's lines, if the probe's line is among them. */
    static Optional<BootReport> read(CachedKernel kernel, List<String> console, Duration took) {
        for (String line : console) {
            Matcher m = LINE.matcher(line.strip());
            if (m.find()) {
                Integer abi = m.group(2) == null ? null : Integer.valueOf(m.group(2));
                long errata = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
                return Optional.of(new BootReport(kernel, m.group(1), abi, m.group(4), errata, took, null, console));
            }
        }
        return Optional.empty();
    }

    static BootReport failed(CachedKernel kernel, Duration took, String problem, List<String> console) {
        return new BootReport(kernel, null, null, null, 0, took, problem, console);
    }

    /** Whether the kernel reported the ABI it is listed with. */
    public boolean asListed() {
        return abi != null && abi == kernel.abi();
    }
}
