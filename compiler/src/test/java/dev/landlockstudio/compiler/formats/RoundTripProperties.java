package dev.landlockstudio.compiler.formats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.compile.Compilation;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.Compatibility;
import dev.landlockstudio.compiler.policy.IfMissing;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.report.ReportCode;
import dev.landlockstudio.compiler.testing.PolicyGenerator;
import dev.landlockstudio.compiler.testing.PropertyRun;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * import(export(p)) means what p means, for every policy the format can express: the same ruleset at p's
 * abi (rules compared as sets, since formats group paths their own way) and the same compatibility level.
 */
class RoundTripProperties {

    @ParameterizedTest
    @EnumSource(value = ImportFormat.class, names = "POLICY", mode = EnumSource.Mode.EXCLUDE)
    void importOfExportKeepsThePolicy(ImportFormat format) {
        Target target = format.target().orElseThrow();
        // Neither landlockconfig nor the native ruleset names a compatibility level: the default comes back. The
        // sandboxer and Firejail are always best effort, PodLock always strict (hard_requirement). landrun's line says
        // best effort or strict.
        List<Compatibility> levels = List.of(ImportFormat.LANDLOCKCONFIG, ImportFormat.NATIVE, ImportFormat.SANDBOXER,
                ImportFormat.FIREJAIL).contains(format)
                ? List.of(Compatibility.BEST_EFFORT)
                : format == ImportFormat.PODLOCK ? List.of(Compatibility.HARD_REQUIREMENT)
                : List.of(Compatibility.BEST_EFFORT, Compatibility.HARD_REQUIREMENT);
        IfMissing ifMissing = target.vocabulary().missingPaths();
        PropertyRun.forEach(format.id() + " round trip",
                seed -> PolicyGenerator.expressibleIn(seed, target.vocabulary(), levels, ifMissing), policy -> {
                    ResolvedPolicy original = PolicyReader.check(policy).resolved();
                    Compilation exported = Compiler.compile(original, target, original.abi());
                    assertThat(exported.items()).as("the generator stays within %s", target.id())
                            .noneMatch(i -> ReportCode.inexpressible(i.code()) || i.code().equals("if-missing-fixed")
                                    || i.code().equals("tool-needs-abi"));
                    ResolvedPolicy imported = PolicyReader.check(
                            Import.read(exported.output(), format, policy.name(), policy.name()).policy()).resolved();
                    assertThat(imported.compatibility()).isEqualTo(original.compatibility());
                    assertThat(canonical(Compiler.compile(imported, Target.NATIVE, original.abi()).ruleset()))
                            .isEqualTo(canonical(Compiler.compile(original, Target.NATIVE, original.abi()).ruleset()));
                });
    }

    private static Ruleset canonical(Ruleset r) {
        return new Ruleset(r.abi(), r.enforced(), r.handledAccessFs(), r.handledAccessNet(), r.scoped(), r.quietAccessFs(),
                r.quietAccessNet(), r.quietScoped(), r.attrSize(),
                r.pathBeneath().stream().sorted(Comparator.comparing(Ruleset.PathBeneath::path)).toList(),
                r.netPort().stream().sorted(Comparator.comparingInt(Ruleset.NetPort::port)).toList(),
                r.restrictSelfFlags());
    }
}
