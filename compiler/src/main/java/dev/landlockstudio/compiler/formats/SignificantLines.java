package dev.landlockstudio.compiler.formats;

import java.util.ArrayList;
import java.util.List;

/** The lines of a file that say something: numbered from 1, stripped, without blank lines and # comments. */
public record SignificantLines(List<Line> lines) {

    public record Line(int number, String text) {

        /** The place of {@code token} on this line, as problems name it. */
        public String place(String token) {
            return "line " + number + ", " + token;
        }
    }

    public static SignificantLines of(String text) {
        List<Line> lines = new ArrayList<>();
        String[] all = text.split("\\R", -1);
        for (int i = 0; i < all.length; i++) {
            String line = all[i].strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                lines.add(new Line(i + 1, line));
            }
        }
        return new SignificantLines(List.copyOf(lines));
    }
}
