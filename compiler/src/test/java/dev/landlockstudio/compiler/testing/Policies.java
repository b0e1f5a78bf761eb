package dev.landlockstudio.compiler.testing;

import dev.landlockstudio.compiler.compile.Compilation;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.compiler.problem.Problem;
import dev.landlockstudio.compiler.report.ReportItem;
import java.util.List;

/** Short ways to write a policy in a test, compile it, and read what is refused. */
public final class Policies {

    private Policies() {
    }

    /** A policy from JSON text; single quotes stand for double quotes so tests stay readable. */
    public static ResolvedPolicy resolve(String json) {
        return PolicyReader.read(json.replace('\'', '"')).resolved();
    }

    public static Compilation compile(String json, Target target, int abi) {
        return Compiler.compile(resolve(json), target, abi);
    }

    /** A policy from JSON text, lowered to the native ruleset for {@code abi}. */
    public static dev.landlockstudio.compiler.lowering.Ruleset resolveAndLower(String json, int abi) {
        return compile(json, Target.NATIVE, abi).ruleset();
    }

    public static List<String> codes(Compilation compilation) {
        return compilation.items().stream().map(ReportItem::code).toList();
    }

    /** The problems {@code call} refuses its input with; an assertion error when it accepts it. */
    public static List<Problem> problems(Runnable call) {
        try {
            call.run();
        } catch (InvalidDocumentException e) {
            return e.problems();
        }
        throw new AssertionError("expected problems");
    }
}
