package dev.landlockstudio.compiler.compile;

import dev.landlockstudio.compiler.lowering.Lowering;
import dev.landlockstudio.compiler.lowering.PathKinds;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.target.Emitter;
import dev.landlockstudio.compiler.target.Target;
import dev.landlockstudio.compiler.target.cprogram.CProgramEmitter;
import dev.landlockstudio.compiler.target.golandlock.GoLandlockEmitter;
import dev.landlockstudio.compiler.target.landlockconfig.LandlockConfigEmitter;
import dev.landlockstudio.compiler.target.nativeformat.NativeEmitter;
import dev.landlockstudio.compiler.target.oci.OciDialect;
import dev.landlockstudio.compiler.target.oci.OciEmitter;
import tools.jackson.databind.node.ObjectNode;

/** Compiles a valid policy for one target and kernel ABI: lowering, then the target's emitter. */
public final class Compiler {

    private Compiler() {
    }

    /** Options a caller may set; the defaults know nothing of the host and write a fresh document. */
    public record Options(PathKinds pathKinds, ObjectNode mergeInto) {
        public static final Options DEFAULT = new Options(PathKinds.UNKNOWN, null);
    }

    public static Compilation compile(ResolvedPolicy policy, Target target, int abi) {
        return compile(policy, target, abi, Options.DEFAULT);
    }

    public static Compilation compile(ResolvedPolicy policy, Target target, int abi, Options options) {
        Lowering.Result lowered = Lowering.lower(policy, abi, target, options.pathKinds());
        String output = lowered.refused() ? null : emitter(target).emit(lowered.ruleset(),
                new Emitter.Context(policy.name(), policy.compatibility(), options.mergeInto()));
        return new Compilation(target, abi, lowered.ruleset(), output, lowered.refused(), lowered.items());
    }

    public static Emitter emitter(Target target) {
        return switch (target) {
            case NATIVE -> new NativeEmitter();
            case C -> new CProgramEmitter();
            case OCI -> new OciEmitter(OciDialect.PR_1241);
            case OCI_1111 -> new OciEmitter(OciDialect.PR_1111);
            case GO_LANDLOCK -> new GoLandlockEmitter();
            case LANDLOCKCONFIG -> new LandlockConfigEmitter();
        };
    }
}
