package dev.landlockstudio.web.policy;

import java.util.ArrayList;
import java.util.List;

/** Two texts side by side, line by line: equal lines across, removed on the left, added on the right. */
public final class LineDiff {

    /** One row of the side-by-side view; a side is null where the other has a line the first lacks. */
    public record Row(String left, String right, String kind) {
    }

    private LineDiff() {
    }

    /** By the longest common subsequence of lines: documents of a few thousand lines at most. */
    public static List<Row> of(String from, String to) {
        String[] a = from.split("\n", -1);
        String[] b = to.split("\n", -1);
        int[][] common = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                common[i][j] = a[i].equals(b[j]) ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<Row> rows = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                rows.add(new Row(a[i++], b[j++], "same"));
            } else if (j < b.length && (i == a.length || common[i][j + 1] >= common[i + 1][j])) {
                rows.add(new Row(null, b[j++], "added"));
            } else {
                rows.add(new Row(a[i++], null, "removed"));
            }
        }
        return rows;
    }
}
