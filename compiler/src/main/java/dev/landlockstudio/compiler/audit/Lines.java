package dev.landlockstudio.compiler.audit;

import java.util.ArrayList;
import java.util.List;

/** Logs read line by line: a line that cannot be read is listed as ignored with the reason, never thrown. */
public final class Lines {

    /** A line that is not what it should be: the reason becomes the ignored line's. */
    public static final class Unreadable extends Exception {
        public Unreadable(String reason) {
            super(reason, null, false, false);
        }
    }

    /** What is done with one line. */
    @FunctionalInterface
    public interface Reader {
        void read(int number, String line) throws Unreadable;
    }

    private Lines() {
    }

    /** Gives every line that is not blank to {@code reader}, numbered from 1; returns those it could not read. */
    public static List<Ignored> read(String text, Reader reader) {
        List<Ignored> ignored = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                reader.read(i + 1, lines[i]);
            } catch (Unreadable e) {
                ignored.add(new Ignored(i + 1, e.getMessage(), lines[i]));
            }
        }
        return ignored;
    }
}
