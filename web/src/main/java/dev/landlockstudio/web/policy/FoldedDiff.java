package dev.landlockstudio.web.policy;

import dev.landlockstudio.compiler.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * A side-by-side diff as the history shows it: each change with a few unchanged lines around it, and the unchanged
 * lines between changes folded away (the page can open a fold, so nothing is out of reach).
 */
public final class FoldedDiff {

    /** Unchanged lines shown before and after each change. */
    public static final int CONTEXT = 3;

    /** Consecutive rows of the diff, shown or folded. */
    public record Part(List<LineDiff.Row> rows, boolean folded) {
    }

    private FoldedDiff() {
    }

    /** Two policy documents, each written out the same way so that only what changed differs, unchanged runs folded. */
    public static List<Part> ofDocuments(String from, String to) {
        return of(LineDiff.of(Json.write(Json.parse(from)), Json.write(Json.parse(to))));
    }

    /** A fold hides at least two lines: one line is shorter shown than folded. */
    public static List<Part> of(List<LineDiff.Row> rows) {
        int n = rows.size();
        boolean[] shown = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (!rows.get(i).kind().equals("same")) {
                for (int k = Math.max(0, i - CONTEXT); k <= Math.min(n - 1, i + CONTEXT); k++) {
                    shown[k] = true;
                }
            }
        }
        List<Part> parts = new ArrayList<>();
        int start = 0;
        while (start < n) {
            int end = start;
            while (end < n && shown[end] == shown[start]) {
                end++;
            }
            boolean folded = !shown[start] && end - start >= 2;
            List<LineDiff.Row> run = rows.subList(start, end);
            Part last = parts.isEmpty() ? null : parts.get(parts.size() - 1);
            if (!folded && last != null && !last.folded()) {
                List<LineDiff.Row> joined = new ArrayList<>(last.rows());
                joined.addAll(run);
                parts.set(parts.size() - 1, new Part(joined, false));
            } else {
                parts.add(new Part(List.copyOf(run), folded));
            }
            start = end;
        }
        return parts;
    }
}
