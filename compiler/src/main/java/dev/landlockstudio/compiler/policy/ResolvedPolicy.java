package dev.landlockstudio.compiler.policy;

import dev.landlockstudio.compiler.abi.RightKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a valid policy means: groups expanded against its {@code abi}, defaults applied, every bit
 * traced to where it was asked for.
 *
 * @param handled        the handled set of each kind FS, NET and SCOPE
 * @param quiet          the quiet set of each kind FS, NET and SCOPE (subsets of handled)
 * @param restrictFlags  the landlock_restrict_self flags
 */
public record ResolvedPolicy(
        String name,
        int abi,
        Compatibility compatibility,
        Map<RightKind, RightSet> handled,
        Map<RightKind, RightSet> quiet,
        List<PathRule> pathRules,
        List<PortRule> portRules,
        RightSet restrictFlags) {

    /** The kinds a ruleset handles: those with a handled set. */
    public static final List<RightKind> HANDLED_KINDS = List.of(RightKind.FS, RightKind.NET, RightKind.SCOPE);

    public RightSet handled(RightKind kind) {
        return handled.get(kind);
    }

    public RightSet quiet(RightKind kind) {
        return quiet.get(kind);
    }

    /**
     * A path-beneath rule of the document, resolved; {@code pointer} is the rule's place in the document.
     *
     * @param except paths beneath {@code paths} the rule does not cover (empty for none); a filesystem view turns
     *               them into rules beside them ({@link dev.landlockstudio.compiler.except.Excepts})
     */
    public record PathRule(String pointer, List<String> paths, RightSet allowed, IfMissing ifMissing, boolean quiet,
                           List<String> except) {

        public PathRule(String pointer, List<String> paths, RightSet allowed, IfMissing ifMissing, boolean quiet) {
            this(pointer, paths, allowed, ifMissing, quiet, List.of());
        }

        /** Where the rule's path {@code index} is written. */
        public String pathPointer(int index) {
            return pointer + "/paths/" + index;
        }

        /** Where the rule's except path {@code index} is written. */
        public String exceptPointer(int index) {
            return pointer + "/except/" + index;
        }

        /** The rule's number as people count: "#1" for the first rule. */
        public String number() {
            return "#" + (Integer.parseInt(pointer.substring(pointer.lastIndexOf('/') + 1)) + 1);
        }
    }

    /** Every path the path-beneath rules name, their except paths included, in rule order. */
    public List<String> namedPaths() {
        List<String> paths = new ArrayList<>();
        pathRules.forEach(rule -> {
            paths.addAll(rule.paths());
            paths.addAll(rule.except());
        });
        return paths;
    }

    /** Whether some path-beneath rule has except paths, which only a filesystem view can expand. */
    public boolean hasExcepts() {
        return pathRules.stream().anyMatch(rule -> !rule.except().isEmpty());
    }

    /** A net-port rule of the document, resolved; {@code pointer} is the rule's place in the document. */
    public record PortRule(String pointer, List<Integer> ports, RightSet allowed, boolean quiet) {
    }
}
