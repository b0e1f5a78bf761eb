package dev.landlockstudio.compiler.policy;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Whether a path names its entry directly. The kernel's rules bind to real paths, and a trial resolves each path
 * inside its own root: a ".." there would climb out of it, so policies, probes and trial roots never hold one.
 */
public final class PathComponents {

    private PathComponents() {
    }

    /**
     * What in {@code path} does not name a directory entry: a ".." or "." component, or an empty one ("//"); null
     * when every component is a name. One trailing slash is allowed.
     *
     * @param path an absolute path
     */
    public static String unclear(String path) {
        // Every "." or ".." component follows a "/" and every empty one makes a "//": most paths hold neither.
        if (path.indexOf("//") < 0 && path.indexOf("/.") < 0) {
            return null;
        }
        String body = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String[] components = body.substring(1).split("/", -1);
        for (String component : components) {
            if (component.equals("..")) {
                return "a \"..\" component";
            }
            if (component.equals(".")) {
                return "a \".\" component";
            }
            if (component.isEmpty()) {
                return "an empty component (\"//\")";
            }
        }
        return null;
    }

    /** The path with "." and empty components dropped and ".." taken lexically: what was probably meant. */
    public static String clean(String path) {
        Deque<String> kept = new ArrayDeque<>();
        for (String component : path.split("/")) {
            if (component.equals("..")) {
                kept.pollLast();
            } else if (!component.isEmpty() && !component.equals(".")) {
                kept.addLast(component);
            }
        }
        return "/" + String.join("/", kept);
    }
}
