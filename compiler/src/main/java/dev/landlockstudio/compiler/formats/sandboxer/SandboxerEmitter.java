package dev.landlockstudio.compiler.formats.sandboxer;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.formats.Emitter;
import dev.landlockstudio.compiler.formats.ShellWords;
import dev.landlockstudio.compiler.lowering.Ruleset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The sandboxer's environment, one {@code NAME=value} line per variable. Lowering has already cut every rule to the
 * read set or both sets; a rule granting anything outside the read set is a read-write path. The sandboxer always
 * handles the filesystem, so it cannot say "apply nothing": a ruleset not enforced has no output.
 */
public final class SandboxerEmitter implements Emitter {

    private static final long READ = AbiTable.bits(RightKind.FS, SandboxerSets.READ);

    @Override
    public String emit(Ruleset ruleset, Context context) {
        if (!ruleset.enforced()) {
            return null;
        }
        List<String> readOnly = new ArrayList<>();
        List<String> readWrite = new ArrayList<>();
        for (Ruleset.PathBeneath rule : ruleset.pathBeneath()) {
            ((rule.allowedAccess() & ~READ) != 0 ? readWrite : readOnly).add(rule.path());
        }
        StringBuilder out = new StringBuilder();
        line(out, SandboxerSets.FS_RO, String.join(":", readOnly));
        line(out, SandboxerSets.FS_RW, String.join(":", readWrite));
        ports(out, ruleset, SandboxerSets.TCP_BIND, "bind_tcp");
        ports(out, ruleset, SandboxerSets.TCP_CONNECT, "connect_tcp");
        if (ruleset.scoped() != 0) {
            List<String> letters = new ArrayList<>();
            for (int i = 0; i < SandboxerSets.SCOPES.size(); i++) {
                if ((ruleset.scoped() & AbiTable.right(RightKind.SCOPE, SandboxerSets.SCOPES.get(i)).orElseThrow().value()) != 0) {
                    letters.add(SandboxerSets.SCOPE_LETTERS.get(i));
                }
            }
            line(out, SandboxerSets.SCOPED, String.join(":", letters));
        }
        return out.toString();
    }

    /** A TCP variable is set only when its right is handled: unset, the sandboxer leaves the right unrestricted. */
    private static void ports(StringBuilder out, Ruleset ruleset, String variable, String right) {
        long bit = AbiTable.right(RightKind.NET, right).orElseThrow().value();
        if ((ruleset.handledAccessNet() & bit) == 0) {
            return;
        }
        line(out, variable, ruleset.netPort().stream().filter(p -> (p.allowedAccess() & bit) != 0)
                .map(p -> String.valueOf(p.port())).collect(Collectors.joining(":")));
    }

    private static void line(StringBuilder out, String variable, String value) {
        out.append(variable).append('=').append(ShellWords.quote(value)).append('\n');
    }
}
