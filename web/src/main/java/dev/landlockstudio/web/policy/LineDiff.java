package dev.landlockstudio.web.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Two texts side by side, line by line: equal lines across, removed on the left, added on the right, and a line
 * replaced by another on the same row as it.
 */
public final class LineDiff {

    /** One row of the side-by-side view (same, changed, removed or added); a side is null where it has no line. */
    public record Row(String left, String right, String kind) {
    }

    private LineDiff() {
    }

    /** Above this many line pairs the changed middle is shown as removed, then added, without matching its lines. */
    private static final long MAX_PAIRS = 4_000_000;

    /**
     * The common first and last lines, and between them the longest common subsequence of lines: a change is
     * usually small, and a large one is not matched line by line, so memory stays bounded.
     */
    public static List<Row> of(String from, String to) {
        String[] a = from.split("\n", -1);
        String[] b = to.split("\n", -1);
        int start = 0;
        while (start < a.length && start < b.length && a[start].equals(b[start])) {
            start++;
        }
        int endA = a.length;
        int endB = b.length;
        while (endA > start && endB > start && a[endA - 1].equals(b[endB - 1])) {
            endA--;
            endB--;
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < start; i++) {
            rows.add(new Row(a[i], b[i], "same"));
        }
        List<Row> changes = new ArrayList<>();
        middle(a, start, endA, b, start, endB, changes);
        rows.addAll(pairedUp(changes));
        for (int i = endA, j = endB; i < a.length; i++, j++) {
            rows.add(new Row(a[i], b[j], "same"));
        }
        return rows;
    }

    /** Between two equal lines, the n-th removed line and the n-th added one share a row; the rest follow. */
    private static List<Row> pairedUp(List<Row> rows) {
        List<Row> paired = new ArrayList<>(rows.size());
        List<String> removed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        for (Row row : rows) {
            switch (row.kind()) {
                case "removed" -> removed.add(row.left());
                case "added" -> added.add(row.right());
                default -> {
                    flush(removed, added, paired);
                    paired.add(row);
                }
            }
        }
        flush(removed, added, paired);
        return paired;
    }

    private static void flush(List<String> removed, List<String> added, List<Row> into) {
        int both = Math.min(removed.size(), added.size());
        for (int i = 0; i < both; i++) {
            into.add(new Row(removed.get(i), added.get(i), "changed"));
        }
        removed.subList(both, removed.size()).forEach(line -> into.add(new Row(line, null, "removed")));
        added.subList(both, added.size()).forEach(line -> into.add(new Row(null, line, "added")));
        removed.clear();
        added.clear();
    }

    private static void middle(String[] a, int fromA, int endA, String[] b, int fromB, int endB, List<Row> rows) {
        int n = endA - fromA;
        int m = endB - fromB;
        if ((long) n * m > MAX_PAIRS) {
            for (int i = fromA; i < endA; i++) {
                rows.add(new Row(a[i], null, "removed"));
            }
            for (int j = fromB; j < endB; j++) {
                rows.add(new Row(null, b[j], "added"));
            }
            return;
        }
        int[][] common = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                common[i][j] = a[fromA + i].equals(b[fromB + j]) ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[fromA + i].equals(b[fromB + j])) {
                rows.add(new Row(a[fromA + i++], b[fromB + j++], "same"));
            } else if (i < n && (j == m || common[i + 1][j] >= common[i][j + 1])) {
                rows.add(new Row(a[fromA + i++], null, "removed"));
            } else {
                rows.add(new Row(null, b[fromB + j++], "added"));
            }
        }
    }
}
