package dev.landlockstudio.compiler.compile;

import dev.landlockstudio.compiler.formats.Emitter;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.formats.cprogram.CProgramEmitter;
import dev.landlockstudio.compiler.formats.firejail.FirejailEmitter;
import dev.landlockstudio.compiler.formats.golandlock.GoLandlockEmitter;
import dev.landlockstudio.compiler.formats.landrun.LandrunEmitter;
import dev.landlockstudio.compiler.formats.landlockconfig.LandlockConfigEmitter;
import dev.landlockstudio.compiler.formats.nativeformat.NativeEmitter;
import dev.landlockstudio.compiler.formats.oci.OciDialect;
import dev.landlockstudio.compiler.formats.oci.OciEmitter;
import dev.landlockstudio.compiler.formats.ocilauncher.OciLauncherEmitter;
import dev.landlockstudio.compiler.formats.podlock.PodLockEmitter;
import dev.landlockstudio.compiler.formats.sandboxer.SandboxerEmitter;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.formats.StackEmitter;
import dev.landlockstudio.compiler.layers.Intersection;
import dev.landlockstudio.compiler.layers.PolicyStack;
import dev.landlockstudio.compiler.layers.RulesetStack;
import dev.landlockstudio.compiler.lint.Lints;
import dev.landlockstudio.compiler.lowering.Lowering;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.report.ReportItem;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Compiles a valid policy for one target and kernel ABI: lowering, then the target's emitter. */
public final class Compiler {

    private Compiler() {
    }

    /**
     * Options a caller may set: what is known of the filesystem (files get only file rights, lints see symlinks and
     * mounts), a document to write into, the launcher's host path for oci-launcher (relative: to the bundle), and
     * podlock's CONTAINER/BINARY. The defaults know nothing of the host, write a fresh document, take the launcher from
     * the bundle and name the container after the policy.
     */
    public record Options(FsView view, ObjectNode mergeInto, String launcher, String select) {
        public static final Options DEFAULT = new Options(FsView.empty(), null);

        public Options(FsView view, ObjectNode mergeInto) {
            this(view, mergeInto, OciLauncherEmitter.DEFAULT_SOURCE);
        }

        public Options(FsView view, ObjectNode mergeInto, String launcher) {
            this(view, mergeInto, launcher, null);
        }
    }

    /**
     * Only the lowering to the kernel's own ruleset at {@code abi}, knowing nothing of the filesystem: what a caller
     * that applies the ruleset itself needs (try, dry runs), without emitting a document or running the lints. A
     * policy with except paths needs a view: {@link #lower(ResolvedPolicy, int, FsView)}.
     */
    public static Lowering.Result lower(ResolvedPolicy policy, int abi) {
        return lower(policy, abi, Options.DEFAULT.view());
    }

    /** The same lowering as {@link #lower(ResolvedPolicy, int)}, with what {@code view} says of the paths. */
    public static Lowering.Result lower(ResolvedPolicy policy, int abi, FsView view) {
        return Lowering.lower(policy, abi, Target.NATIVE.vocabulary(), view);
    }

    /** As {@link #lower(ResolvedPolicy, int)} for a policy and its bases: each layer lowered on its own. */
    public static RulesetStack.Lowered lower(PolicyStack stack, int abi) {
        return lower(stack, abi, Options.DEFAULT.view());
    }

    /** The same lowering as {@link #lower(PolicyStack, int)}, with what {@code view} says of the paths. */
    public static RulesetStack.Lowered lower(PolicyStack stack, int abi, FsView view) {
        return RulesetStack.lower(stack, abi, Target.NATIVE.vocabulary(), view);
    }

    public static Compilation compile(ResolvedPolicy policy, Target target, int abi) {
        return compile(policy, target, abi, Options.DEFAULT);
    }

    public static Compilation compile(ResolvedPolicy policy, Target target, int abi, Options options) {
        Lowering.Result lowered = Lowering.lower(policy, abi, target.vocabulary(), options.view());
        String output = lowered.refused() ? null : emitter(target).emit(lowered.ruleset(),
                new Emitter.Context(policy.name(), policy.compatibility(), options.mergeInto(), options.launcher(),
                        options.select()));
        List<ReportItem> items = new ArrayList<>(lowered.items());
        items.addAll(Lints.of(policy, options.view()));
        return new Compilation(target, abi, lowered.ruleset(), output, lowered.refused(), List.copyOf(items));
    }

    /**
     * Compiles a policy and its bases: each layer lowered on its own. native and c write the layers as stacked
     * rulesets; the other targets hold one ruleset and get the stack's {@link Intersection}, said in the report. The
     * compilation's ruleset is that intersection; it is refused when any layer is a hard requirement this ABI or target
     * cannot meet.
     */
    public static Compilation compile(PolicyStack stack, Target target, int abi, Options options) {
        if (!stack.layered()) {
            return compile(stack.top(), target, abi, options);
        }
        RulesetStack.Lowered lowered = RulesetStack.lower(stack, abi, target.vocabulary(), options.view());
        List<ReportItem> items = new ArrayList<>(lowered.items());
        Intersection.Result intersection = Intersection.of(lowered.rulesets());
        Emitter emitter = emitter(target);
        Emitter.Context context = new Emitter.Context(stack.top().name(), stack.top().compatibility(), options.mergeInto(),
                options.launcher(), options.select());
        String output = null;
        if (emitter instanceof StackEmitter stacked) {
            output = lowered.refused() ? null : stacked.emitStack(lowered.rulesets(), context);
        } else {
            items.addAll(intersection.items());
            output = lowered.refused() ? null : emitter.emit(intersection.ruleset(), context);
        }
        for (PolicyStack.Layer layer : stack.layers()) {
            Lints.of(layer.policy(), options.view()).forEach(item -> items.add(RulesetStack.placed(layer, item)));
        }
        return new Compilation(target, abi, intersection.ruleset(), output, lowered.refused(), List.copyOf(items));
    }

    public static Emitter emitter(Target target) {
        return switch (target) {
            case NATIVE -> new NativeEmitter();
            case C -> new CProgramEmitter();
            case OCI -> new OciEmitter(OciDialect.PR_1241);
            case OCI_1111 -> new OciEmitter(OciDialect.PR_1111);
            case OCI_LAUNCHER -> new OciLauncherEmitter();
            case GO_LANDLOCK -> new GoLandlockEmitter();
            case LANDLOCKCONFIG -> new LandlockConfigEmitter();
            case SANDBOXER -> new SandboxerEmitter();
            case FIREJAIL -> new FirejailEmitter();
            case LANDRUN -> new LandrunEmitter();
            case PODLOCK -> new PodLockEmitter();
        };
    }
}
