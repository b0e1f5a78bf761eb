package dev.landlockstudio.compiler.matrix;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.AbiVersion;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.lint.Lints;
import dev.landlockstudio.compiler.lowering.Lowering;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.probe.Probes;
import dev.landlockstudio.compiler.report.ReportCode;
import dev.landlockstudio.compiler.report.ReportItem;
import java.util.ArrayList;
import java.util.List;

/**
 * What a policy becomes for every ABI × target: the report of a real compile per cell, and the evaluator's decisions
 * on probes at the policy's boundaries compared with the policy as written. Nothing is tabulated by hand.
 */
public final class Matrix {

    public enum Status {
        /** Everything the policy asks for is enforced. */
        FULL,
        /** Enforced, with parts dropped (best effort). */
        PARTIAL,
        /** Nothing is applied (soft requirement, or nothing expressible). */
        NOT_ENFORCED,
        /** A hard requirement this cell cannot meet. */
        REFUSED;

        @JsonValue
        public String documentName() {
            return name().toLowerCase();
        }
    }

    /**
     * At most this many probes and report items are listed per cell, with their counts: a cell sums up, its compile
     * report says everything, and a hard requirement refused at most cells would otherwise list every probe the
     * policy denies in each of them (a gigabyte within the request bounds).
     */
    public static final int EXAMPLES = 20;

    /**
     * @param notRestricted  handled rights, scopes and flags of the policy that this cell does not apply
     * @param cannotExpress  those of them that this ABI or target has no way to say
     * @param looserCount    how many probes this cell allows that the policy, as written, denies (evaluated)
     * @param looser         the first {@link #EXAMPLES} of them, in probe order
     * @param stricterCount  how many probes this cell denies that the policy, as written, allows (evaluated)
     * @param stricter       the first {@link #EXAMPLES} of them
     * @param itemCount      how many items the cell's compile report has
     * @param items          the first {@link #EXAMPLES} of them
     */
    @JsonPropertyOrder({"abi", "target", "status", "notRestricted", "cannotExpress", "looserCount", "looser", "stricterCount",
            "stricter", "itemCount", "items"})
    public record Cell(int abi, String target, Status status, List<String> notRestricted, List<String> cannotExpress,
                       int looserCount, List<String> looser, int stricterCount, List<String> stricter,
                       int itemCount, List<ReportItem> items) {
    }

    private Matrix() {
    }

    public static List<Cell> of(ResolvedPolicy policy) {
        // A compile's report is its lowering's items, then the lints, which do not depend on the ABI or target: they
        // run once here. Nothing is emitted, as no cell shows an output.
        FsView view = FsView.empty();
        List<ReportItem> lints = Lints.of(policy, FsView.empty());
        ProbeDifferences differences = new ProbeDifferences(Probes.of(policy),
                Lowering.lower(policy, policy.abi(), Target.NATIVE.vocabulary(), view).ruleset());
        List<Cell> cells = new ArrayList<>();
        for (AbiVersion version : AbiTable.VERSIONS) {
            for (Target target : Target.values()) {
                Lowering.Result lowered = Lowering.lower(policy, version.number(), target.vocabulary(), view);
                List<ReportItem> items = new ArrayList<>(lowered.items());
                items.addAll(lints);
                cells.add(cell(policy, version.number(), target, lowered, List.copyOf(items),
                        differences.of(lowered.ruleset(), target.vocabulary().fsGrants())));
            }
        }
        return cells;
    }

    private static Cell cell(ResolvedPolicy policy, int abi, Target target, Lowering.Result lowered, List<ReportItem> items,
                             ProbeDifferences.Outcome outcome) {
        List<String> notRestricted = new ArrayList<>();
        List<String> cannotExpress = new ArrayList<>();
        for (RightKind kind : RightKind.values()) {
            long asked = kind == RightKind.RESTRICT_FLAG ? policy.restrictFlags().mask() : policy.handled(kind).mask();
            notRestricted.addAll(AbiTable.names(kind, asked & ~lowered.ruleset().handled(kind)));
            cannotExpress.addAll(AbiTable.names(kind, asked & ~Lowering.expressible(kind, abi, target.vocabulary())));
        }
        boolean dropped = items.stream().anyMatch(i -> ReportCode.inexpressible(i.code()));
        Status status = lowered.refused() ? Status.REFUSED
                : !lowered.ruleset().enforced() ? Status.NOT_ENFORCED
                : dropped ? Status.PARTIAL : Status.FULL;
        return new Cell(abi, target.id(), status, List.copyOf(notRestricted), List.copyOf(cannotExpress),
                outcome.looserCount(), outcome.looser(), outcome.stricterCount(), outcome.stricter(),
                items.size(), List.copyOf(items.subList(0, Math.min(EXAMPLES, items.size()))));
    }

    private static String count(int probes) {
        return probes + (probes == 1 ? " probed access" : " probed accesses");
    }

    /** One line per target and run of consecutive ABIs with the same outcome, for every cell that is not full. */
    public static List<String> summary(List<Cell> cells) {
        List<String> lines = new ArrayList<>();
        for (Target target : Target.values()) {
            List<Cell> row = cells.stream().filter(c -> c.target().equals(target.id())).toList();
            int start = 0;
            for (int i = 1; i <= row.size(); i++) {
                if (i < row.size() && describe(row.get(i)).equals(describe(row.get(start)))) {
                    continue;
                }
                String text = describe(row.get(start));
                if (!text.isEmpty()) {
                    int first = row.get(start).abi();
                    int last = row.get(i - 1).abi();
                    lines.add(target.id() + " at ABI " + (first == last ? first : first + "-" + last) + ": " + text);
                }
                start = i;
            }
        }
        return lines;
    }

    private static String describe(Cell cell) {
        String evaluated = (cell.looser().isEmpty() ? "" : "; allows " + count(cell.looserCount()) + " the policy denies, such as "
                + cell.looser().get(0))
                + (cell.stricter().isEmpty() ? "" : "; denies " + count(cell.stricterCount()) + " the policy allows, such as "
                + cell.stricter().get(0));
        return switch (cell.status()) {
            case FULL -> cell.stricter().isEmpty() ? "" : evaluated.substring(2);
            case PARTIAL -> "does not restrict " + String.join(", ", cell.notRestricted()) + evaluated;
            case NOT_ENFORCED -> "enforces nothing" + (cell.cannotExpress().isEmpty() ? ""
                    : "; cannot express " + String.join(", ", cell.cannotExpress()));
            case REFUSED -> "refused; cannot express " + String.join(", ", cell.cannotExpress());
        };
    }
}
