package dev.landlockstudio.compiler.matrix;

import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Evaluator;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.probe.Probes;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The probes a lowered ruleset decides otherwise than the policy as written, found without deciding every probe
 * under every cell. Lowering cuts the policy's rules to the rights a cell handles (and, for a target that grants
 * only whole sets, to those sets), so what the evaluator sees of a cell is its handled rights and the target's
 * grant sets; and a decision depends only on the rights its operation consults ({@link Evaluator#consulted}). A probe is decided again only where those differ from the policy as written, and
 * once for all the cells in which they are the same.
 */
final class ProbeDifferences {

    /**
     * How many probes a cell allows that the policy denies, and how many it denies that the policy allows, each with
     * the first {@link Matrix#EXAMPLES} of them in probe order.
     */
    record Outcome(int looserCount, List<String> looser, int stricterCount, List<String> stricter) {
        static final Outcome SAME = new Outcome(0, List.of(), 0, List.of());
    }

    /** What the evaluator sees of a lowered ruleset; {@code fsGrants} as the target's vocabulary has them. */
    private record Handled(boolean enforced, long fs, long net, long scope, List<Long> fsGrants) {

        static Handled of(Ruleset ruleset, List<Long> fsGrants) {
            return ruleset.enforced()
                    ? new Handled(true, ruleset.handledAccessFs(), ruleset.handledAccessNet(), ruleset.scoped(), fsGrants)
                    : new Handled(false, 0, 0, 0, List.of());
        }

        /** What a decision on {@code op} sees: the consulted rights handled, and whether the filesystem is restricted at all. */
        Seen seenBy(Operation op) {
            long consulted = Evaluator.consulted(op);
            return switch (op.kind()) {
                case FS -> new Seen(op, enforced, fs != 0, fs & consulted, fsGrants);
                case NET -> new Seen(op, enforced, false, net & consulted, List.of());
                default -> new Seen(op, enforced, false, scope & consulted, List.of());
            };
        }
    }

    private record Seen(Operation op, boolean enforced, boolean fsDomain, long handled, List<Long> fsGrants) {
    }

    /** Probes (by index) whose decision differs from the policy's under a {@link Seen}. */
    private record Changed(int[] looser, int[] stricter) {
    }

    private final List<AccessRequest> probes;
    private final Map<Operation, int[]> byOperation = new EnumMap<>(Operation.class);
    private final Handled written;
    private final Evaluator writtenEvaluator;
    /** The policy's own decision per probe: 0 not yet decided, 1 allowed, 2 denied. */
    private final byte[] writtenDecisions;
    private final String[] descriptions;
    private final Map<Handled, Outcome> outcomes = new HashMap<>();
    private final Map<Seen, Changed> changed = new HashMap<>();

    ProbeDifferences(List<AccessRequest> probes, Ruleset asWritten) {
        this.probes = probes;
        this.written = Handled.of(asWritten, List.of());
        this.writtenEvaluator = evaluator(asWritten);
        this.writtenDecisions = new byte[probes.size()];
        this.descriptions = new String[probes.size()];
        int[] counts = new int[Operation.values().length];
        probes.forEach(probe -> counts[probe.operation().ordinal()]++);
        int[] filled = new int[counts.length];
        for (int i = 0; i < probes.size(); i++) {
            Operation op = probes.get(i).operation();
            byOperation.computeIfAbsent(op, o -> new int[counts[o.ordinal()]])[filled[op.ordinal()]++] = i;
        }
    }

    /** @param fsGrants the cell's target's fs grant sets, as its vocabulary has them */
    Outcome of(Ruleset ruleset, List<Long> fsGrants) {
        Handled handled = Handled.of(ruleset, fsGrants);
        if (handled.equals(written)) {
            return Outcome.SAME;
        }
        return outcomes.computeIfAbsent(handled, h -> outcome(h, ruleset));
    }

    private Outcome outcome(Handled handled, Ruleset ruleset) {
        byte[] marks = null;
        Evaluator evaluator = null;
        for (Map.Entry<Operation, int[]> entry : byOperation.entrySet()) {
            Seen seen = handled.seenBy(entry.getKey());
            if (seen.equals(written.seenBy(entry.getKey()))) {
                continue;
            }
            Changed change = changed.get(seen);
            if (change == null) {
                evaluator = evaluator == null ? evaluator(ruleset) : evaluator;
                change = decide(evaluator, entry.getValue());
                changed.put(seen, change);
            }
            if (change.looser().length + change.stricter().length > 0) {
                marks = marks == null ? new byte[probes.size()] : marks;
                for (int i : change.looser()) {
                    marks[i] = 1;
                }
                for (int i : change.stricter()) {
                    marks[i] = 2;
                }
            }
        }
        if (marks == null) {
            return Outcome.SAME;
        }
        List<String> looser = new ArrayList<>();
        List<String> stricter = new ArrayList<>();
        int looserCount = 0;
        int stricterCount = 0;
        for (int i = 0; i < marks.length; i++) {
            if (marks[i] == 1 && looserCount++ < Matrix.EXAMPLES) {
                looser.add(description(i));
            } else if (marks[i] == 2 && stricterCount++ < Matrix.EXAMPLES) {
                stricter.add(description(i));
            }
        }
        return new Outcome(looserCount, List.copyOf(looser), stricterCount, List.copyOf(stricter));
    }

    private Changed decide(Evaluator evaluator, int[] indices) {
        List<Integer> looser = new ArrayList<>();
        List<Integer> stricter = new ArrayList<>();
        for (int i : indices) {
            boolean here = evaluator.decide(probes.get(i)).allowed();
            if (here != allowedAsWritten(i)) {
                (here ? looser : stricter).add(i);
            }
        }
        return new Changed(looser.stream().mapToInt(Integer::intValue).toArray(),
                stricter.stream().mapToInt(Integer::intValue).toArray());
    }

    private boolean allowedAsWritten(int i) {
        if (writtenDecisions[i] == 0) {
            writtenDecisions[i] = (byte) (writtenEvaluator.decide(probes.get(i)).allowed() ? 1 : 2);
        }
        return writtenDecisions[i] == 1;
    }

    private String description(int i) {
        if (descriptions[i] == null) {
            descriptions[i] = Probes.describe(probes.get(i));
        }
        return descriptions[i];
    }

    /** What applies: nothing when refused or not enforced. */
    private static Evaluator evaluator(Ruleset ruleset) {
        return new Evaluator(ruleset.enforced() ? List.of(ruleset) : List.of(), FsView.empty());
    }
}
