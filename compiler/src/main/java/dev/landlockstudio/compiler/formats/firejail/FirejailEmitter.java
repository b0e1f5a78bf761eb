package dev.landlockstudio.compiler.formats.firejail;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.formats.Emitter;
import dev.landlockstudio.compiler.lowering.Ruleset;
import java.util.List;
import java.util.Map;

/**
 * Firejail profile lines: landlock.enforce, then a landlock.fs.KIND line for each set a path's rule grants (lowering
 * has cut every rule to whole sets). Firejail always handles the filesystem once landlock.enforce is given, so "apply
 * nothing" is no landlock line at all: a ruleset not enforced has no output.
 */
public final class FirejailEmitter implements Emitter {

    @Override
    public String emit(Ruleset ruleset, Context context) {
        if (!ruleset.enforced()) {
            return null;
        }
        StringBuilder out = new StringBuilder(FirejailSets.ENFORCE).append('\n');
        for (Ruleset.PathBeneath rule : ruleset.pathBeneath()) {
            for (Map.Entry<String, List<String>> grant : FirejailSets.GRANTS.entrySet()) {
                if ((rule.allowedAccess() & AbiTable.bits(RightKind.FS, grant.getValue())) != 0) {
                    out.append(FirejailSets.FS_PREFIX).append(grant.getKey()).append(' ').append(rule.path()).append('\n');
                }
            }
        }
        return out.toString();
    }
}
