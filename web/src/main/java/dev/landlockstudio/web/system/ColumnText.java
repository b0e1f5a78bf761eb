package dev.landlockstudio.web.system;

/** Text for a database column of limited width. */
public final class ColumnText {

    private ColumnText() {
    }

    /**
     * Text cut to its column's width (counted in UTF-16 units, as H2 counts; never more characters than PostgreSQL
     * allows), ending with "…" when cut: what people read must not make a save fail because a path was long. Null
     * (a column left empty) stays null.
     */
    public static String cut(String text, int width) {
        if (text == null || text.length() <= width) {
            return text;
        }
        int end = width - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "\u2026";
    }
}
