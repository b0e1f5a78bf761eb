package dev.landlockstudio.enforcer.host;

import dev.landlockstudio.compiler.except.Excepts;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The filesystem view of the live host: what the given paths and their ancestors are (read without following links),
 * where symlinks point, and the bind and OverlayFS mounts from /proc/self/mountinfo.
 */
public final class HostFsView {

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFIFO = 0010000;

    private HostFsView() {
    }

    public static FsView of(Collection<String> paths) throws IOException {
        return of(paths, List.of());
    }

    /** What a policy's except paths expand against here: its paths, and the entries of the directories on their way. */
    public static FsView ofExcepts(ResolvedPolicy policy) throws IOException {
        return of(policy.namedPaths(), Excepts.directoriesToList(policy));
    }

    /**
     * As {@link #of(Collection)}, with the entries of each directory of {@code listed} too (what except paths expand
     * against). An entry is only looked at (lstat), never opened or followed; a listed path that is not a directory
     * reached without a symlink is not read, and the view then shows what it is.
     */
    public static FsView of(Collection<String> paths, Collection<String> listed) throws IOException {
        FsView.Builder view = new FsView.Builder();
        Set<Path> seen = new LinkedHashSet<>();
        List<String> all = new ArrayList<>(paths);
        all.addAll(listed);
        for (String path : all) {
            for (Path p = Path.of(path).normalize(); p != null; p = p.getParent()) {
                if (seen.add(p)) {
                    describe(p, view);
                }
            }
        }
        for (String directory : listed) {
            Path dir = Path.of(directory).normalize();
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !dir.toRealPath().equals(dir)) {
                continue;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    if (seen.add(entry)) {
                        describe(entry, view);
                    }
                }
            }
        }
        mounts(view);
        return view.build();
    }

    private static void describe(Path path, FsView.Builder view) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isSymbolicLink(path)) {
            view.symlink(path.toString(), Files.readSymbolicLink(path).toString());
            return;
        }
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        view.add(path.toString(), switch (mode & S_IFMT) {
            case S_IFCHR -> FsView.Type.CHAR_DEVICE;
            case S_IFBLK -> FsView.Type.BLOCK_DEVICE;
            case S_IFSOCK -> FsView.Type.SOCKET;
            case S_IFIFO -> FsView.Type.FIFO;
            default -> Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? FsView.Type.DIRECTORY : FsView.Type.FILE;
        });
    }

    /** One line of /proc/self/mountinfo: device, root within the filesystem, mount point, type, super options. */
    record MountInfo(String device, String root, String mountPoint, String type, String superOptions) {

        static MountInfo parse(String line) {
            String[] fields = line.split(" ");
            int separator = Arrays.asList(fields).indexOf("-");
            return new MountInfo(fields[2], unescape(fields[3]), unescape(fields[4]), fields[separator + 1],
                    fields.length > separator + 3 ? fields[separator + 3] : "");
        }

        private static String unescape(String field) {
            return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
        }
    }

    private static void mounts(FsView.Builder view) throws IOException {
        List<MountInfo> mounts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            mounts.add(MountInfo.parse(line));
        }
        for (MountInfo mount : mounts) {
            if (mount.type().equals("overlay")) {
                String lower = option(mount.superOptions(), "lowerdir");
                String upper = option(mount.superOptions(), "upperdir");
                if (lower != null && upper != null) {
                    view.overlay(mount.mountPoint(), List.of(lower.split(":")), upper);
                }
            } else if (!mount.root().equals("/")) {
                // A subtree of a filesystem mounted elsewhere too: a bind mount of that place.
                mounts.stream().filter(m -> m.device().equals(mount.device()) && m.root().equals("/")).findFirst()
                        .ifPresent(whole -> view.bind(join(whole.mountPoint(), mount.root()), mount.mountPoint()));
            }
        }
    }

    private static String option(String options, String name) {
        for (String option : options.split(",")) {
            if (option.startsWith(name + "=")) {
                return option.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static String join(String mountPoint, String root) {
        return mountPoint.equals("/") ? root : mountPoint + root;
    }
}
