package dev.landlockstudio.compiler.lowering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.AbiVersion;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.compile.Compilation;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.json.JsonSchemas;
import dev.landlockstudio.compiler.policy.Compatibility;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.report.ReportCode;
import dev.landlockstudio.compiler.report.Severity;
import dev.landlockstudio.compiler.testing.PolicyGenerator;
import dev.landlockstudio.compiler.testing.PropertyRun;
import org.junit.jupiter.api.Test;

/** Native output never breaks a kernel rule (DESIGN.md "Lowering"), for generated policies at every ABI. */
class LoweringProperties {

    @Test
    void nativeOutputKeepsTheKernelsRules() {
        PropertyRun.forEach("native invariants", PolicyGenerator::anyPolicy, policy -> {
            ResolvedPolicy resolved = PolicyReader.check(policy).resolved();
            for (AbiVersion version : AbiTable.VERSIONS) {
                Compilation c = Compiler.compile(resolved, Target.NATIVE, version.number());
                checkKernelRules(c.ruleset(), version);
                if (c.refused()) {
                    assertThat(resolved.compatibility()).isEqualTo(Compatibility.HARD_REQUIREMENT);
                    assertThat(c.items()).isNotEmpty().anyMatch(i -> i.severity() == Severity.ERROR);
                } else {
                    assertThat(JsonSchemas.validate("native.schema.json", Json.parse(c.output()))).isEmpty();
                    assertThat(Compiler.compile(resolved, Target.NATIVE, version.number()).output())
                            .as("deterministic").isEqualTo(c.output());
                }
                if (c.enforced() && resolved.compatibility() != Compatibility.BEST_EFFORT) {
                    assertThat(c.items()).as("a requirement is enforced only when nothing is lost")
                            .noneMatch(i -> ReportCode.inexpressible(i.code()));
                }
            }
        });
    }

    private static void checkKernelRules(Ruleset r, AbiVersion version) {
        int n = version.number();
        if (!r.enforced()) {
            assertThat(r).isEqualTo(Ruleset.notEnforced(n));
            return;
        }
        assertThat(r.handledAccessFs() | r.handledAccessNet() | r.scoped()).as("no empty ruleset (ENOMSG)").isNotZero();
        assertThat(r.handledAccessFs() & ~AbiTable.mask(RightKind.FS, n)).as("fs within ABI").isZero();
        assertThat(r.handledAccessNet() & ~AbiTable.mask(RightKind.NET, n)).as("net within ABI").isZero();
        assertThat(r.scoped() & ~AbiTable.mask(RightKind.SCOPE, n)).as("scopes within ABI").isZero();
        assertThat(r.restrictSelfFlags() & ~AbiTable.mask(RightKind.RESTRICT_FLAG, n)).as("flags within ABI").isZero();
        assertThat(r.quietAccessFs() & ~r.handledAccessFs()).isZero();
        assertThat(r.quietAccessNet() & ~r.handledAccessNet()).isZero();
        assertThat(r.quietScoped() & ~r.scoped()).isZero();
        assertThat(r.attrSize()).as("attr size").isEqualTo(Ruleset.attrSizeFor(r.handledAccessNet(), r.scoped(),
                r.quietAccessFs(), r.quietAccessNet(), r.quietScoped())).isLessThanOrEqualTo(version.attrSize());
        for (Ruleset.PathBeneath rule : r.pathBeneath()) {
            assertThat(rule.allowedAccess() & ~r.handledAccessFs()).as("handled ⊇ allowed").isZero();
            assertThat(rule.allowedAccess() != 0 || (rule.quiet() && version.quiet())).as("no empty rule").isTrue();
            assertThat(rule.path()).startsWith("/");
        }
        for (Ruleset.NetPort rule : r.netPort()) {
            assertThat(rule.allowedAccess() & ~r.handledAccessNet()).as("handled ⊇ allowed").isZero();
            assertThat(rule.allowedAccess() != 0 || (rule.quiet() && version.quiet())).as("no empty rule").isTrue();
            assertThat(rule.port()).isBetween(0, 65535);
        }
        assertThat(r.pathBeneath().stream().map(Ruleset.PathBeneath::path).distinct().count())
                .as("one rule per path").isEqualTo(r.pathBeneath().size());
    }

}
