package dev.landlockstudio.compiler.policy;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.AccessGroup;
import dev.landlockstudio.compiler.abi.RightKind;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The value constraints of policy.schema.json that strict binding cannot see (patterns, ranges, non-empty
 * lists, known names). It only answers whether a bound document conforms: when it does not, the schema
 * validator runs and explains. SchemaShapeTest checks that the two always agree.
 */
final class SchemaShape {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int DESCRIPTION_MAX = 2000;
    private static final int ITEMS_MAX = 1000;
    private static final int PATH_MAX = 4095;
    /** The kernel stacks at most 16 rulesets, the policy's own among them. */
    private static final int BASES_MAX = 15;

    private SchemaShape() {
    }

    static boolean holds(Policy p) {
        return p.name() != null && NAME.matcher(p.name()).matches()
                && (p.description() == null || p.description().codePointCount(0, p.description().length()) <= DESCRIPTION_MAX)
                && (p.bases() == null || p.bases().size() <= BASES_MAX && p.bases().stream().distinct().count() == p.bases().size()
                        && p.bases().stream().allMatch(b -> b != null && NAME.matcher(b).matches()))
                && (p.abi() == null || AbiTable.isKnown(p.abi()))
                && names(p.handledAccessFs(), RightKind.FS) && names(p.handledAccessNet(), RightKind.NET)
                && names(p.scoped(), RightKind.SCOPE) && names(p.quietAccessFs(), RightKind.FS)
                && names(p.quietAccessNet(), RightKind.NET) && names(p.quietScoped(), RightKind.SCOPE)
                && names(p.restrictSelf(), RightKind.RESTRICT_FLAG)
                && (p.pathBeneath() == null || p.pathBeneath().size() <= ITEMS_MAX && p.pathBeneath().stream().allMatch(SchemaShape::holds))
                && (p.netPort() == null || p.netPort().size() <= ITEMS_MAX && p.netPort().stream().allMatch(SchemaShape::holds));
    }

    private static boolean holds(PathBeneathRule rule) {
        return rule != null && rule.paths() != null && paths(rule.paths())
                && (rule.except() == null || paths(rule.except()))
                && rule.allowedAccess() != null && names(rule.allowedAccess(), RightKind.FS);
    }

    private static boolean paths(List<String> paths) {
        return !paths.isEmpty() && paths.size() <= ITEMS_MAX
                && paths.stream().allMatch(path -> path.codePointCount(0, path.length()) <= PATH_MAX);
    }

    private static boolean holds(NetPortRule rule) {
        return rule != null && rule.ports() != null && !rule.ports().isEmpty() && rule.ports().size() <= ITEMS_MAX
                && rule.allowedAccess() != null
                && rule.ports().stream().allMatch(port -> port >= 0 && port <= 65535)
                && names(rule.allowedAccess(), RightKind.NET);
    }

    private static boolean names(List<String> names, RightKind kind) {
        if (names == null) {
            return true;
        }
        for (String name : names) {
            boolean known = AbiTable.right(kind, name).isPresent()
                    || AccessGroup.named(name).filter(g -> g.appliesTo(kind)).isPresent();
            if (!known) {
                return false;
            }
        }
        return true;
    }
}
