package dev.landlockstudio.compiler.lowering;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.policy.IfMissing;
import java.util.List;

/**
 * A policy lowered for one kernel ABI and target: the numbers the kernel's structs will carry.
 *
 * @param enforced false when the compatibility level or the ABI leaves nothing to apply; the rest is then empty
 * @param attrSize the size of {@code struct landlock_ruleset_attr} to pass
 */
public record Ruleset(
        int abi,
        boolean enforced,
        long handledAccessFs,
        long handledAccessNet,
        long scoped,
        long quietAccessFs,
        long quietAccessNet,
        long quietScoped,
        int attrSize,
        List<PathBeneath> pathBeneath,
        List<NetPort> netPort,
        long restrictSelfFlags) {

    /** One landlock_add_rule(LANDLOCK_RULE_PATH_BENEATH) call. */
    public record PathBeneath(String path, long allowedAccess, IfMissing ifMissing, boolean quiet) {
    }

    /** One landlock_add_rule(LANDLOCK_RULE_NET_PORT) call. */
    public record NetPort(int port, long allowedAccess, boolean quiet) {
    }

    /** Applying this ruleset does nothing. */
    public static Ruleset notEnforced(int abi) {
        return new Ruleset(abi, false, 0, 0, 0, 0, 0, 0, AbiTable.ATTR_SIZE_FS, List.of(), List.of(), 0);
    }

    public long handled(RightKind kind) {
        return switch (kind) {
            case FS -> handledAccessFs;
            case NET -> handledAccessNet;
            case SCOPE -> scoped;
            case RESTRICT_FLAG -> restrictSelfFlags;
        };
    }

    public long quiet(RightKind kind) {
        return switch (kind) {
            case FS -> quietAccessFs;
            case NET -> quietAccessNet;
            case SCOPE -> quietScoped;
            case RESTRICT_FLAG -> 0;
        };
    }

    /** The smallest attr size holding the fields in use. */
    public static int attrSizeFor(long handledNet, long scoped, long quietFs, long quietNet, long quietScoped) {
        if ((quietFs | quietNet | quietScoped) != 0) {
            return AbiTable.ATTR_SIZE_QUIET;
        }
        if (scoped != 0) {
            return AbiTable.ATTR_SIZE_SCOPED;
        }
        if (handledNet != 0) {
            return AbiTable.ATTR_SIZE_NET;
        }
        return AbiTable.ATTR_SIZE_FS;
    }
}
