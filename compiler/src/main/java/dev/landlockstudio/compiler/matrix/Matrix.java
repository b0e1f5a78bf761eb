package dev.landlockstudio.compiler.matrix;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.AbiVersion;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.compile.Compilation;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Evaluator;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.lowering.Lowering;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.probe.Probes;
import dev.landlockstudio.compiler.report.ReportCode;
import dev.landlockstudio.compiler.report.ReportItem;
import java.util.ArrayList;
import java.util.List;

/**
 * What a policy becomes for every ABI × target: one real compile per cell, and the evaluator's decisions on probes at
 * the policy's boundaries compared with the policy as written. Nothing is tabulated by hand.
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
     * @param notRestricted  handled rights, scopes and flags of the policy that this cell does not apply
     * @param cannotExpress  those of them that this ABI or target has no way to say
     * @param looser         probes this cell allows that the policy, as written, denies (evaluated)
     * @param stricter       probes this cell denies that the policy, as written, allows (evaluated)
     */
    @JsonPropertyOrder({"abi", "target", "status", "notRestricted", "cannotExpress", "looser", "stricter", "items"})
    public record Cell(int abi, String target, Status status, List<String> notRestricted, List<String> cannotExpress,
                       List<String> looser, List<String> stricter, List<ReportItem> items) {
    }

    private Matrix() {
    }

    public static List<Cell> of(ResolvedPolicy policy) {
        List<AccessRequest> probes = Probes.of(policy);
        List<Boolean> asWritten = decide(Compiler.compile(policy, Target.NATIVE, policy.abi()), probes);
        List<Cell> cells = new ArrayList<>();
        for (AbiVersion version : AbiTable.VERSIONS) {
            for (Target target : Target.values()) {
                cells.add(cell(policy, Compiler.compile(policy, target, version.number()), probes, asWritten));
            }
        }
        return cells;
    }

    /** Whether each probe is allowed under what the compile applies (nothing when refused or not enforced). */
    private static List<Boolean> decide(Compilation compilation, List<AccessRequest> probes) {
        List<Ruleset> layers = compilation.enforced() ? List.of(compilation.ruleset()) : List.of();
        Evaluator evaluator = new Evaluator(layers, FsView.empty());
        return probes.stream().map(p -> evaluator.decide(p).allowed()).toList();
    }

    private static Cell cell(ResolvedPolicy policy, Compilation compilation, List<AccessRequest> probes, List<Boolean> asWritten) {
        List<Boolean> here = decide(compilation, probes);
        List<String> looser = new ArrayList<>();
        List<String> stricter = new ArrayList<>();
        for (int i = 0; i < probes.size(); i++) {
            if (here.get(i) && !asWritten.get(i)) {
                looser.add(Probes.describe(probes.get(i)));
            } else if (!here.get(i) && asWritten.get(i)) {
                stricter.add(Probes.describe(probes.get(i)));
            }
        }
        List<String> notRestricted = new ArrayList<>();
        List<String> cannotExpress = new ArrayList<>();
        for (RightKind kind : RightKind.values()) {
            long asked = kind == RightKind.RESTRICT_FLAG ? policy.restrictFlags().mask() : policy.handled(kind).mask();
            notRestricted.addAll(AbiTable.names(kind, asked & ~compilation.ruleset().handled(kind)));
            cannotExpress.addAll(AbiTable.names(kind, asked & ~Lowering.expressible(kind, compilation.abi(), compilation.target().vocabulary())));
        }
        boolean dropped = compilation.items().stream().anyMatch(i -> ReportCode.inexpressible(i.code()));
        Status status = compilation.refused() ? Status.REFUSED
                : !compilation.enforced() ? Status.NOT_ENFORCED
                : dropped ? Status.PARTIAL : Status.FULL;
        return new Cell(compilation.abi(), compilation.target().id(), status, List.copyOf(notRestricted),
                List.copyOf(cannotExpress), List.copyOf(looser), List.copyOf(stricter), compilation.items());
    }

    private static String count(List<String> probes) {
        return probes.size() + (probes.size() == 1 ? " probed access" : " probed accesses");
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
        String evaluated = (cell.looser().isEmpty() ? "" : "; allows " + count(cell.looser()) + " the policy denies, such as "
                + cell.looser().get(0))
                + (cell.stricter().isEmpty() ? "" : "; denies " + count(cell.stricter()) + " the policy allows, such as "
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
