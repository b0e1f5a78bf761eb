package dev.landlockstudio.compiler.fs;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the evaluator knows of a filesystem: which paths exist and what they are, where symlinks point, and
 * which mounts join or separate hierarchies (landlock-facts.md §2.6, §2.8). Paths it does not list are taken
 * to be regular files under directories. Built from fs-view.schema.json documents ({@link FsViewReader}) or,
 * in the enforcer, from the live host.
 */
public final class FsView {

    /** The kinds of inode, as stat(2) tells them. */
    public enum Type {
        DIRECTORY, FILE, SYMLINK, CHAR_DEVICE, BLOCK_DEVICE, SOCKET, FIFO;

        @JsonValue
        public String documentName() {
            return name().toLowerCase();
        }

        public boolean isDevice() {
            return this == CHAR_DEVICE || this == BLOCK_DEVICE;
        }
    }

    /** A bind mount: {@code target} shows the very inodes of {@code source}, so rules on either path apply to both. */
    public record BindMount(String source, String target) {
    }

    /** An OverlayFS mount: {@code merged} is a hierarchy of its own; rules on a layer never apply to it, nor the reverse. */
    public record OverlayMount(String merged, List<String> lower, String upper) {
    }

    /** Symlinks followed before giving up, as the kernel's MAXSYMLINKS. */
    static final int MAX_SYMLINKS = 40;

    private final Map<String, Type> types;
    private final Map<String, String> symlinks;
    private final List<BindMount> binds;
    private final List<OverlayMount> overlays;
    private final PathTrie<List<String>> bindTargets;
    /** Every proper ancestor of a listed path or mount point: directories, whatever else the view says. */
    private final Set<String> holders = new HashSet<>();

    public FsView(Map<String, Type> types, Map<String, String> symlinks, List<BindMount> binds, List<OverlayMount> overlays) {
        this.types = Map.copyOf(types);
        this.symlinks = Map.copyOf(symlinks);
        this.binds = List.copyOf(binds);
        this.overlays = List.copyOf(overlays);
        this.bindTargets = new PathTrie<>();
        for (BindMount bind : this.binds) {
            bindTargets.add(components(bind.target()), components(identity(bind.source())));
        }
        List<String> listed = new ArrayList<>(this.types.keySet());
        this.binds.forEach(b -> {
            listed.add(b.target());
            listed.add(b.source());
        });
        this.overlays.forEach(o -> listed.add(o.merged()));
        for (String path : listed) {
            for (String p = path; !p.equals("/"); ) {
                p = parent(p);
                holders.add(p);
            }
        }
    }

    /** A view that knows nothing: every path is a regular file under directories, no links, no mounts. */
    public static FsView empty() {
        return new FsView(Map.of(), Map.of(), List.of(), List.of());
    }

    public List<OverlayMount> overlays() {
        return overlays;
    }

    public List<BindMount> binds() {
        return binds;
    }

    /** The symlink target written for {@code path}, if it is a symlink in this view. */
    public String symlinkTarget(String path) {
        return symlinks.get(normalize(path));
    }

    /**
     * What {@code path} is, after following symlinks. A path the view does not list is a directory when the view
     * lists something beneath it, and a regular file otherwise.
     */
    public Type typeOf(String path) {
        String resolved = resolve(path, true);
        Type type = types.get(resolved);
        if (type != null && type != Type.SYMLINK) {
            return type;
        }
        return holders.contains(resolved) ? Type.DIRECTORY : Type.FILE;
    }

    /** Whether the view says {@code path} is not a directory: only then does a rule on it keep just file rights. */
    public boolean isKnownNonDirectory(String path) {
        Type type = types.get(resolve(path, true));
        return type != null && type != Type.DIRECTORY && type != Type.SYMLINK;
    }

    /** What the resolved path itself is (a symlink stays a symlink), or null when the view does not list it. */
    public Type listedType(String resolved) {
        return types.get(resolved);
    }

    /** The mount a resolved path is in, named by its root: the longest bind target or overlay holding it, else "/". */
    public String mountRoot(String resolved) {
        String root = "/";
        for (BindMount bind : binds) {
            if (isBeneath(resolved, bind.target()) && bind.target().length() > root.length()) {
                root = bind.target();
            }
        }
        for (OverlayMount overlay : overlays) {
            if (isBeneath(resolved, overlay.merged()) && overlay.merged().length() > root.length()) {
                root = overlay.merged();
            }
        }
        return root;
    }

    /** Whether the view has {@code path} itself (a symlink is not followed): listed, or holding something listed. */
    public boolean exists(String path) {
        return types.containsKey(path) || holders.contains(path);
    }

    /** The entries the view has directly in directory {@code path}, sorted; symlinks are not followed. */
    public List<String> children(String path) {
        Set<String> children = new java.util.TreeSet<>();
        for (String listed : types.keySet()) {
            if (!listed.equals("/") && parent(listed).equals(path)) {
                children.add(listed);
            }
        }
        for (String holder : holders) {
            if (!holder.equals("/") && parent(holder).equals(path)) {
                children.add(holder);
            }
        }
        return List.copyOf(children);
    }

    /** Whether the view says what {@code path} is (after following symlinks). */
    public boolean knows(String path) {
        return types.containsKey(resolve(path, true));
    }

    /** The view as the compiler's {@link PathKinds}: directory, file, or unknown when the view does not say. */
    public PathKinds pathKinds() {
        if (types.isEmpty()) {
            // A view that lists nothing says nothing of any path: no need to resolve each one.
            return path -> PathKinds.Kind.UNKNOWN;
        }
        return path -> isKnownNonDirectory(path) ? PathKinds.Kind.FILE
                : knows(path) ? PathKinds.Kind.DIRECTORY : PathKinds.Kind.UNKNOWN;
    }

    /**
     * The path the kernel reaches for {@code path}: "." and ".." applied and symlinks in every component followed,
     * the last one too when {@code followLast} (open, O_PATH rules) and not for rename, link and unlink.
     */
    public String resolve(String path, boolean followLast) {
        if (symlinks.isEmpty() && path.indexOf("..") < 0) {
            return normalize(path);
        }
        List<String> done = new ArrayList<>();
        List<String> todo = new ArrayList<>(components(path));
        int hops = 0;
        while (!todo.isEmpty()) {
            String name = todo.remove(0);
            if (name.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            done.add(name);
            String here = join(done);
            String target = symlinks.get(here);
            if (target != null && (followLast || !todo.isEmpty())) {
                if (++hops > MAX_SYMLINKS) {
                    throw new IllegalArgumentException(path + ": too many levels of symbolic links (ELOOP)");
                }
                done.remove(done.size() - 1);
                if (target.startsWith("/")) {
                    done.clear();
                }
                todo.addAll(0, components(target));
            }
        }
        return join(done);
    }

    /**
     * The inode a resolved path names, written as a path in the hierarchy that owns it: under a bind mount's target
     * that is the same path under its source (landlock-facts.md §2.6).
     */
    public String identity(String resolved) {
        String path = resolved;
        for (int hops = 0; hops <= binds.size(); hops++) {
            BindMount best = null;
            for (BindMount bind : binds) {
                if (isBeneath(path, bind.target()) && (best == null || bind.target().length() > best.target().length())) {
                    best = bind;
                }
            }
            if (best == null) {
                return path;
            }
            path = join(components(best.source() + path.substring(best.target().length())));
        }
        return path;
    }

    /** The overlay whose lower or upper layer holds {@code path}, if any. */
    public OverlayMount overlayLayerOf(String path) {
        String resolved = resolve(path, true);
        for (OverlayMount overlay : overlays) {
            if (isBeneath(resolved, overlay.upper()) || overlay.lower().stream().anyMatch(l -> isBeneath(resolved, l))) {
                return overlay;
            }
        }
        return null;
    }

    static boolean isBeneath(String path, String ancestor) {
        return ancestor.equals("/") || path.equals(ancestor) || path.startsWith(ancestor + "/");
    }

    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    static String normalize(String path) {
        return isNormal(path) ? path : join(components(path));
    }

    /** Whether {@code path} is already absolute and normal: no empty, "." or ".." component, no trailing slash. */
    private static boolean isNormal(String path) {
        if (!path.startsWith("/") || (path.length() > 1 && path.endsWith("/"))) {
            return false;
        }
        return !path.contains("//") && !path.contains("/./") && !path.endsWith("/.") && !path.contains("/..");
    }

    /** Whether the view lists nothing: every path is then a plain file or directory, with no links or mounts. */
    public boolean isEmpty() {
        return types.isEmpty() && binds.isEmpty() && overlays.isEmpty();
    }

    /** Where each bind mount's target leads: the components of its source's identity. */
    public PathTrie<List<String>> bindTargets() {
        return bindTargets;
    }

    /** The path made of the first {@code count} components. */
    public static String prefix(List<String> components, int count) {
        return join(components.subList(0, count));
    }

    /** The components of a path: "/a//b/./c" has a, b and c. */
    public static List<String> components(String path) {
        // Cut by hand: decisions split every path they look at, and String.split copies into an array first.
        List<String> parts = new ArrayList<>();
        int start = 0;
        while (start <= path.length()) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            if (end > start && !(end - start == 1 && path.charAt(start) == '.')) {
                parts.add(path.substring(start, end));
            }
            start = end + 1;
        }
        return parts;
    }

    private static String join(List<String> parts) {
        return parts.isEmpty() ? "/" : "/" + String.join("/", parts);
    }

    /** Builds a view in code, as tests and the enforcer do. */
    public static final class Builder {
        private final Map<String, Type> types = new HashMap<>();
        private final Map<String, String> symlinks = new HashMap<>();
        private final List<BindMount> binds = new ArrayList<>();
        private final List<OverlayMount> overlays = new ArrayList<>();

        public Builder add(String path, Type type) {
            types.put(normalize(path), type);
            return this;
        }

        public Builder symlink(String path, String target) {
            types.put(normalize(path), Type.SYMLINK);
            symlinks.put(normalize(path), target);
            return this;
        }

        public Builder bind(String source, String target) {
            binds.add(new BindMount(normalize(source), normalize(target)));
            return this;
        }

        public Builder overlay(String merged, List<String> lower, String upper) {
            overlays.add(new OverlayMount(normalize(merged), lower.stream().map(FsView::normalize).toList(), normalize(upper)));
            return this;
        }

        public FsView build() {
            return new FsView(types, symlinks, binds, overlays);
        }
    }
}
