package dev.landlockstudio.compiler.lowering;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.AccessRight;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.policy.Compatibility;
import java.util.List;

/**
 * What a target's tool does on kernels it is not made for, beyond what its format can say: a tool that asks for a
 * newer ABI unless best effort, and one that applies nothing where a rule's refer cannot be had (landlock-facts.md
 * §2.2, §5.2).
 */
final class ToolLimits {

    private ToolLimits() {
    }

    /** Why the tool does not run the command at {@code abi}, or null when it does. */
    static String strictAbiRefusal(Vocabulary vocabulary, Compatibility compatibility, int abi) {
        if (abi >= vocabulary.strictAbi() || compatibility == Compatibility.BEST_EFFORT && !vocabulary.alwaysStrict()) {
            return null;
        }
        if (vocabulary.alwaysStrict()) {
            return vocabulary.format() + " has no best-effort mode: it asks for ABI " + vocabulary.strictAbi() + " (Linux "
                    + AbiTable.version(vocabulary.strictAbi()).linux() + ") and refuses to run the command on a kernel of"
                    + " ABI " + abi + ", whatever the policy's compatibility";
        }
        return compatibility.documentName() + ": " + vocabulary.format() + " is not told to be best effort, so it asks for"
                + " ABI " + vocabulary.strictAbi() + " (Linux " + AbiTable.version(vocabulary.strictAbi()).linux()
                + ") and refuses to run the command on a kernel of ABI " + abi + "; with best_effort it would apply this"
                + " ruleset there";
    }

    /**
     * The directory rules holding a whole grant set that asks for refer, where {@code abi} has no refer and the tool
     * then applies nothing; empty when it does not.
     */
    static List<String> pathsAskingMissingRefer(Vocabulary vocabulary, int abi, long handledFs, List<Ruleset.PathBeneath> rules) {
        AccessRight refer = AbiTable.right(RightKind.FS, "refer").orElseThrow();
        if (!vocabulary.referOrNothing() || abi >= refer.firstAbi()) {
            return List.of();
        }
        return rules.stream().filter(rule -> (rule.allowedAccess() & ~AbiTable.fileRights()) != 0
                        && vocabulary.fsGrants().stream().anyMatch(g -> (g & refer.value()) != 0
                        && (rule.allowedAccess() & g & handledFs) == (g & handledFs)))
                .map(Ruleset.PathBeneath::path).toList();
    }
}
