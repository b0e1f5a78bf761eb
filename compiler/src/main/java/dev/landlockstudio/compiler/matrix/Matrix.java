package dev.landlockstudio.compiler.matrix;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.AbiVersion;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.compile.Compilation;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.report.ReportCode;
import dev.landlockstudio.compiler.report.ReportItem;
import dev.landlockstudio.compiler.target.Target;
import java.util.ArrayList;
import java.util.List;

/** What a policy becomes for every ABI × target: one real compile per cell, nothing tabulated by hand. */
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
     * @param lost the handled rights, scopes and flags of the policy that this cell does not restrict
     */
    @JsonPropertyOrder({"abi", "target", "status", "lost", "items"})
    public record Cell(int abi, String target, Status status, List<String> lost, List<ReportItem> items) {
    }

    private Matrix() {
    }

    public static List<Cell> of(ResolvedPolicy policy) {
        List<Cell> cells = new ArrayList<>();
        for (AbiVersion version : AbiTable.VERSIONS) {
            for (Target target : Target.values()) {
                cells.add(cell(policy, Compiler.compile(policy, target, version.number())));
            }
        }
        return cells;
    }

    private static Cell cell(ResolvedPolicy policy, Compilation compilation) {
        List<String> lost = new ArrayList<>();
        for (RightKind kind : RightKind.values()) {
            long asked = kind == RightKind.RESTRICT_FLAG ? policy.restrictFlags().mask() : policy.handled(kind).mask();
            lost.addAll(AbiTable.names(kind, asked & ~compilation.ruleset().handled(kind)));
        }
        boolean dropped = compilation.items().stream().anyMatch(i -> isInexpressible(i.code()));
        Status status = compilation.refused() ? Status.REFUSED
                : !compilation.enforced() ? Status.NOT_ENFORCED
                : dropped ? Status.PARTIAL : Status.FULL;
        return new Cell(compilation.abi(), compilation.target().id(), status, List.copyOf(lost), compilation.items());
    }

    private static boolean isInexpressible(String code) {
        for (ReportCode c : ReportCode.values()) {
            if (c.code().equals(code)) {
                return c.inexpressible();
            }
        }
        return false;
    }
}
