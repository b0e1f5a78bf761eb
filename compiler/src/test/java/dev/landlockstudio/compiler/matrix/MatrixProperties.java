package dev.landlockstudio.compiler.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.AbiVersion;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.compile.Compilation;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Evaluator;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.probe.Probes;
import dev.landlockstudio.compiler.testing.PolicyGenerator;
import dev.landlockstudio.compiler.testing.PropertyRun;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each cell of the matrix is what its definition says, for generated policies at every ABI: the report of a real
 * compile for that ABI and target, and every probe decided by the evaluator under that compile's ruleset beside
 * the policy as written (its own ABI, native). The matrix may take shortcuts; its answers may not differ.
 */
class MatrixProperties {

    @Test
    void everyCellIsACompileAndAnEvaluationOfEveryProbe() {
        PropertyRun.forEach("matrix by definition", PolicyGenerator::anyPolicy, policy -> {
            ResolvedPolicy resolved = PolicyReader.check(policy).resolved();
            List<Matrix.Cell> cells = Matrix.of(resolved);
            List<AccessRequest> probes = Probes.of(resolved);
            List<Boolean> asWritten = decide(Compiler.compile(resolved, Target.NATIVE, resolved.abi()), probes);
            int i = 0;
            for (AbiVersion version : AbiTable.VERSIONS) {
                for (Target target : Target.values()) {
                    Compilation compilation = Compiler.compile(resolved, target, version.number());
                    Matrix.Cell cell = cells.get(i++);
                    String at = "ABI " + version.number() + " " + target.id();
                    assertThat(cell.abi()).as(at).isEqualTo(version.number());
                    assertThat(cell.target()).as(at).isEqualTo(target.id());
                    assertThat(cell.itemCount()).as(at).isEqualTo(compilation.items().size());
                    assertThat(cell.items()).as(at).isEqualTo(first(compilation.items()));
                    assertThat(cell.status() == Matrix.Status.REFUSED).as(at).isEqualTo(compilation.refused());
                    assertThat(cell.status() == Matrix.Status.NOT_ENFORCED)
                            .as(at).isEqualTo(!compilation.refused() && !compilation.enforced());
                    List<String> notRestricted = new ArrayList<>();
                    for (RightKind kind : RightKind.values()) {
                        long asked = kind == RightKind.RESTRICT_FLAG ? resolved.restrictFlags().mask() : resolved.handled(kind).mask();
                        notRestricted.addAll(AbiTable.names(kind, asked & ~compilation.ruleset().handled(kind)));
                    }
                    assertThat(cell.notRestricted()).as(at).isEqualTo(notRestricted);
                    List<Boolean> here = decide(compilation, probes);
                    List<String> looser = new ArrayList<>();
                    List<String> stricter = new ArrayList<>();
                    for (int p = 0; p < probes.size(); p++) {
                        if (here.get(p) != asWritten.get(p)) {
                            (here.get(p) ? looser : stricter).add(Probes.describe(probes.get(p)));
                        }
                    }
                    assertThat(cell.looserCount()).as(at + " looser").isEqualTo(looser.size());
                    assertThat(cell.looser()).as(at + " looser").isEqualTo(first(looser));
                    assertThat(cell.stricterCount()).as(at + " stricter").isEqualTo(stricter.size());
                    assertThat(cell.stricter()).as(at + " stricter").isEqualTo(first(stricter));
                }
            }
            assertThat(cells).hasSize(i);
        });
    }

    private static List<Boolean> decide(Compilation compilation, List<AccessRequest> probes) {
        Evaluator evaluator = new Evaluator(compilation.enforced() ? List.of(compilation.ruleset()) : List.of(), FsView.empty());
        return probes.stream().map(p -> evaluator.decide(p).allowed()).toList();
    }

    private static <T> List<T> first(List<T> all) {
        return all.subList(0, Math.min(Matrix.EXAMPLES, all.size()));
    }
}
