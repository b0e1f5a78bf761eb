package dev.landlockstudio.web.api;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.formats.ImportFormat;
import dev.landlockstudio.compiler.formats.podlock.PodLockSelection;
import dev.landlockstudio.compiler.formats.Target;
import java.nio.file.Path;
import java.util.Arrays;

/** Query parameters that several endpoints take, checked with messages that say what to send. */
public final class ApiParameters {

    private ApiParameters() {
    }

    public static Target target(String id) {
        if (id == null) {
            throw new BadParameter("target", "say which output to produce: target=" + String.join("|", Target.ids()));
        }
        return Target.byId(id).orElseThrow(() -> new BadParameter("target",
                "unknown target '" + id + "'; expected one of " + String.join(", ", Target.ids())));
    }

    /**
     * Whether the output is asked for in landlockconfig's TOML ({@code format=toml}, landlockconfig only) rather than
     * as compiled ({@code json} or absent).
     */
    public static boolean toml(String format, Target target) {
        if (format == null || format.isEmpty() || format.equals("json")) {
            return false;
        }
        if (format.equals("toml") && target == Target.LANDLOCKCONFIG) {
            return true;
        }
        throw new BadParameter("format", "expected json, or toml with target=landlockconfig (its TOML), not '" + format + "'");
    }

    /** {@code abi}, or {@code otherwise} (the policy's own) when it is not given. */
    public static int abi(Integer abi, int otherwise) {
        if (abi == null) {
            return otherwise;
        }
        if (!AbiTable.isKnown(abi)) {
            throw new BadParameter("abi", "unknown Landlock ABI " + abi + "; expected " + AbiTable.oldest() + " to " + AbiTable.newest());
        }
        return abi;
    }

    /** A version number named by parameter {@code name}: versions count from 1. Null stays null (the latest). */
    public static Integer version(String name, Integer version) {
        if (version != null && version < 1) {
            throw new BadParameter(name, "versions count from 1, not " + version);
        }
        return version;
    }

    /** The longest note a version keeps, in characters. */
    public static final int NOTE_MAX = 500;

    /** A version's note, at most {@link #NOTE_MAX} characters. */
    public static String note(String note) {
        if (note.codePointCount(0, note.length()) > NOTE_MAX) {
            throw new BadParameter("note", "a note is at most " + NOTE_MAX + " characters; this one has "
                    + note.codePointCount(0, note.length()) + ": shorten it");
        }
        return note;
    }

    /** A note the server writes itself, cut to {@link #NOTE_MAX} characters with "…" when longer. */
    public static String fittedNote(String note) {
        return note.codePointCount(0, note.length()) <= NOTE_MAX ? note
                : note.substring(0, note.offsetByCodePoints(0, NOTE_MAX - 1)) + "…";
    }

    /**
     * The directory an imported file's relative paths are taken from (landlockconfig opens them from the sandboxed
     * program's working directory), or null: absolute, without "." or ".." components, at most PATH_MAX long. Only a
     * name to join paths to: nothing on this server is read there.
     */
    public static Path importBase(String base) {
        if (base == null || base.isEmpty()) {
            return null;
        }
        if (!base.startsWith("/") || base.length() > JsonFields.PATH_MAX || base.indexOf('\0') >= 0
                || Arrays.stream(base.split("/")).anyMatch(part -> part.equals(".") || part.equals(".."))) {
            throw new BadParameter("base", "expected an absolute directory without \".\" or \"..\" components (at most "
                    + JsonFields.PATH_MAX + " characters), the sandboxed program's working directory, not '" + base + "'");
        }
        return Path.of(base);
    }

    /** A PodLock profile's CONTAINER[/BINARY] to import, or null (absent or empty) for its only one. */
    public static String importSelect(String select) {
        if (select == null || select.isEmpty()) {
            return null;
        }
        try {
            return PodLockSelection.parse(select).toString();
        } catch (IllegalArgumentException e) {
            throw new BadParameter("select", e.getMessage());
        }
    }

    /** The format a file to import is said to be in, or null (absent or empty) to detect it from the content. */
    public static ImportFormat importFormat(String id) {
        if (id == null || id.isEmpty()) {
            return null;
        }
        return ImportFormat.byId(id).orElseThrow(() -> new BadParameter("from",
                "unknown format '" + id + "'; expected one of " + String.join(", ", ImportFormat.ids())
                        + ", or leave it out to detect the format"));
    }
}
