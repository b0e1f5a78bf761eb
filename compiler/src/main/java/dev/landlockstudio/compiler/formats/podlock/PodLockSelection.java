package dev.landlockstudio.compiler.formats.podlock;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One container and one binary of a LandlockProfile, written {@code CONTAINER/BINARY}: the binary is an absolute path,
 * so the container ends at the first slash. On import the binary may be left out when the container has one.
 *
 * @param binary the binary's absolute path, or null for the container's only one
 */
public record PodLockSelection(String container, String binary) {

    /** A Kubernetes container name: a DNS-1123 label. */
    private static final Pattern CONTAINER = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    /**
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    public static PodLockSelection parse(String text) {
        int slash = text.indexOf('/');
        String container = slash < 0 ? text : text.substring(0, slash);
        String binary = slash < 0 ? null : text.substring(slash);
        if (!CONTAINER.matcher(container).matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not CONTAINER[/BINARY]: the container \"" + container
                    + "\" is not a Kubernetes container name (lower-case letters, digits and '-', at most 63)");
        }
        String problem = binary == null ? null : PodLockSets.pathProblem(binary);
        if (problem != null) {
            throw new IllegalArgumentException("\"" + text + "\" is not CONTAINER[/BINARY]: the binary " + binary + ": "
                    + problem);
        }
        return new PodLockSelection(container, binary);
    }

    /**
     * What an export writes when not told: the policy's name as container and metadata name, and the binary of that
     * name in /usr/bin.
     */
    public static PodLockSelection fromPolicyName(String policyName) {
        String name = policyName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        name = name.length() > 63 ? name.substring(0, 63).replaceAll("-+$", "") : name;
        return new PodLockSelection(name.isEmpty() ? "policy" : name, "/usr/bin/" + (name.isEmpty() ? "policy" : name));
    }

    @Override
    public String toString() {
        return binary == null ? container : container + binary;
    }
}
