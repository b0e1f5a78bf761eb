package dev.landlockstudio.compiler.learn;

import dev.landlockstudio.compiler.audit.Ignored;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a recorded run needed: the accesses its successful system calls made, the paths it created and removed (rules
 * cannot stand on them: they are missing before or after a run), the paths it used as directories, the calls that
 * failed, and the lines that could not be read or mapped, each with its reason.
 */
public record Recording(List<Access> accesses, Set<String> created, Set<String> removed, Set<String> directories,
                        List<Failed> failed, List<Ignored> ignored) {

    /** The recording of {@code strace} text whose command started in {@code startDirectory}. */
    public static Recording of(String straceText, String startDirectory) {
        return RightsMapper.map(StraceLog.read(straceText), startDirectory);
    }

    /** Several recordings of one program as one: everything any of them needed. */
    public static Recording merge(List<Recording> recordings) {
        List<Access> accesses = new ArrayList<>();
        Set<String> created = new LinkedHashSet<>();
        Set<String> removed = new LinkedHashSet<>();
        Set<String> directories = new LinkedHashSet<>();
        List<Failed> failed = new ArrayList<>();
        List<Ignored> ignored = new ArrayList<>();
        for (Recording r : recordings) {
            accesses.addAll(r.accesses);
            created.addAll(r.created);
            removed.addAll(r.removed);
            directories.addAll(r.directories);
            failed.addAll(r.failed);
            ignored.addAll(r.ignored);
        }
        return new Recording(List.copyOf(accesses), Set.copyOf(created), Set.copyOf(removed), Set.copyOf(directories),
                List.copyOf(failed), List.copyOf(ignored));
    }
}
