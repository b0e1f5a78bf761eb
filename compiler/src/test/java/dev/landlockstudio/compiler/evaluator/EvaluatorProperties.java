package dev.landlockstudio.compiler.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.Compatibility;
import dev.landlockstudio.compiler.policy.PathBeneathRule;
import dev.landlockstudio.compiler.policy.Policy;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.testing.Policies;
import dev.landlockstudio.compiler.testing.PolicyGenerator;
import dev.landlockstudio.compiler.testing.PropertyRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The evaluator's properties from issue 3, over generated policies and accesses. */
class EvaluatorProperties {

    private static final List<String> PATHS = List.of("/usr/lib/x", "/etc/hosts", "/etc/ssl/a", "/srv/www/i.html", "/tmp/f",
            "/var/log/app/l", "/home/user/a b/f", "/opt/ü/bin", "/dev/null", "/run/db.sock", "/x/y/z");
    private static final FsView VIEW = new FsView.Builder().add("/dev/null", FsView.Type.CHAR_DEVICE)
            .add("/etc/hosts", FsView.Type.FILE).add("/srv/www", FsView.Type.DIRECTORY).build();

    private static List<AccessRequest> requests(long seed) {
        Random random = new Random(seed);
        List<AccessRequest> requests = new ArrayList<>();
        for (Operation op : Operation.values()) {
            String path = PATHS.get(random.nextInt(PATHS.size()));
            requests.add(switch (op.target()) {
                case PATH, PARENT -> AccessRequest.onPath(op, path);
                case TWO_PATHS -> AccessRequest.move(op, path, PATHS.get(random.nextInt(PATHS.size())));
                case PORT -> AccessRequest.onPort(op, List.of(0, 22, 53, 80, 443, 65535).get(random.nextInt(6)));
                case SCOPE -> AccessRequest.outside(op);
            });
        }
        return requests;
    }

    private static Ruleset lower(Policy policy, int abi) {
        return Compiler.compile(PolicyReader.check(policy).resolved(), Target.NATIVE, abi).ruleset();
    }

    private static boolean allowed(List<Ruleset> layers, AccessRequest request) {
        return new Evaluator(layers, VIEW).decide(request).allowed();
    }

    private static boolean isMove(AccessRequest request) {
        return request.operation().target() == Operation.Target.TWO_PATHS;
    }

    @Test
    void aLayerThatHandlesNothingOfTheKindNeverDenies() {
        Ruleset netOnly = Policies.resolveAndLower("{'name':'n','handledAccessFs':[],'scoped':[]}", 7);
        Ruleset fsOnly = Policies.resolveAndLower("{'name':'f','handledAccessNet':[],'scoped':[]}", 7);
        Ruleset nothing = Policies.resolveAndLower("{'name':'s','compatibility':'soft_requirement'}", 3);
        assertThat(nothing.enforced()).as("a ruleset that handles nothing is not applied at all").isFalse();
        PropertyRun.forEach("a layer that handles nothing of the kind never denies", PolicyGenerator::anyPolicy, policy -> {
            Ruleset base = lower(policy, 7);
            for (AccessRequest request : requests(policy.hashCode())) {
                boolean before = allowed(List.of(base), request);
                assertThat(allowed(List.of(base, nothing), request)).isEqualTo(before);
                Ruleset other = request.operation().kind() == dev.landlockstudio.compiler.abi.RightKind.FS ? netOnly : fsOnly;
                if (!isMove(request)) {
                    assertThat(allowed(List.of(base, other), request)).as("%s", request).isEqualTo(before);
                }
            }
        });
    }

    @Test
    void addingARuleNeverTurnsAnAllowIntoADenyExceptByGainingRightsOnAMove() {
        PropertyRun.forEach("adding a rule never denies", PolicyGenerator::anyPolicy, policy -> {
            ResolvedPolicy resolved = PolicyReader.check(policy).resolved();
            long handled = resolved.handled(dev.landlockstudio.compiler.abi.RightKind.FS).mask();
            if (handled == 0) {
                return;
            }
            Random random = new Random(policy.hashCode());
            List<PathBeneathRule> rules = new ArrayList<>(policy.pathBeneath());
            long granted = handled & random.nextLong();
            rules.add(new PathBeneathRule(List.of(PATHS.get(random.nextInt(PATHS.size())).replaceFirst("/[^/]*$", "")),
                    AbiTable.names(dev.landlockstudio.compiler.abi.RightKind.FS, granted == 0 ? Long.lowestOneBit(handled) : granted)));
            Policy wider = new Policy(null, policy.name(), null, policy.abi(), policy.compatibility(), policy.handledAccessFs(),
                    policy.handledAccessNet(), policy.scoped(), null, null, null, rules, policy.netPort(), policy.restrictSelf());
            int abi = resolved.abi();
            for (AccessRequest request : requests(policy.hashCode())) {
                if (!isMove(request) && allowed(List.of(lower(policy, abi)), request)) {
                    assertThat(allowed(List.of(lower(wider, abi)), request)).as("%s", request).isTrue();
                }
            }
        });
    }

    @Test
    void stackingALayerNeverTurnsADenyIntoAnAllow() {
        PropertyRun.forEach("stacking never allows", PolicyGenerator::anyPolicy, policy -> {
            Ruleset first = lower(policy, 7);
            Ruleset second = lower(PolicyGenerator.anyPolicy(policy.hashCode()).next(), 7);
            for (AccessRequest request : requests(policy.hashCode())) {
                if (!allowed(List.of(first), request)) {
                    assertThat(allowed(List.of(first, second), request)).as("%s", request).isFalse();
                    assertThat(allowed(List.of(second, first), request)).as("%s", request).isFalse();
                }
            }
        });
    }

    @Test
    void aLowerAbiNeverDeniesWhatAHigherOneAllowsExceptReparentingAtAbi1() {
        PropertyRun.forEach("lower ABI never denies more", seed -> PolicyGenerator.expressibleIn(seed,
                Target.NATIVE.vocabulary(), List.of(Compatibility.BEST_EFFORT), null), policy -> {
            int top = PolicyReader.check(policy).resolved().abi();
            for (AccessRequest request : requests(policy.hashCode())) {
                for (int abi = top; abi > 1; abi--) {
                    if (allowed(List.of(lower(policy, abi)), request)) {
                        int lower = abi - 1;
                        boolean reparenting = isMove(request) && lower == 1;
                        if (!reparenting) {
                            assertThat(allowed(List.of(lower(policy, lower)), request)).as("%s at ABI %d", request, lower).isTrue();
                        }
                    }
                }
            }
        });
    }

    /** The kernel's exception to "adding a rule never denies": a wider destination makes a move gain rights (EXDEV). */
    @Test
    void aRuleThatWidensTheDestinationTurnsAMoveIntoExdev() {
        String before = "{'name':'p','handledAccessNet':[],'scoped':[],'pathBeneath':["
                + "{'paths':['/a','/b'],'allowedAccess':['read_file','remove_file','make_reg','refer']}]}";
        String after = before.replace("]}]}", "]},{'paths':['/b'],'allowedAccess':['write_file']}]}");
        AccessRequest move = AccessRequest.move(Operation.RENAME, "/a/x", "/b/x");
        assertThat(allowed(List.of(Policies.resolveAndLower(before, 7)), move)).isTrue();
        assertThat(new Evaluator(List.of(Policies.resolveAndLower(after, 7)), VIEW).decide(move).errno()).isEqualTo("EXDEV");
    }
}
