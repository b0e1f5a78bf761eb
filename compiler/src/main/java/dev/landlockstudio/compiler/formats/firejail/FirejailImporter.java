package dev.landlockstudio.compiler.formats.firejail;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.formats.ImportReader;
import dev.landlockstudio.compiler.formats.Importer;
import dev.landlockstudio.compiler.formats.LineImporter;
import dev.landlockstudio.compiler.formats.SignificantLines;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.policy.Compatibility;
import dev.landlockstudio.compiler.policy.IfMissing;
import dev.landlockstudio.compiler.policy.PathBeneathRule;
import dev.landlockstudio.compiler.policy.Policy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads Firejail's landlock.* profile lines, as {@link FirejailSets} says Firejail reads them. A profile's other lines
 * are Firejail's other options: they are left out, and a note says which.
 */
public final class FirejailImporter implements LineImporter {

    private static final Pattern MARK = Pattern.compile("(?m)^\\s*landlock\\.(enforce\\s*$|fs\\.)");

    @Override
    public String mismatch(String text) {
        return MARK.matcher(text).find() ? null : "no landlock.enforce or landlock.fs.* line";
    }

    @Override
    public Importer.Imported read(String text, String name) {
        ImportReader in = ImportReader.ofLines(Target.FIREJAIL.vocabulary());
        Map<String, Long> rightsByPath = new LinkedHashMap<>();
        Map<String, String> firstPlace = new LinkedHashMap<>();
        boolean enforced = false;
        List<Integer> others = new ArrayList<>();
        for (SignificantLines.Line line : SignificantLines.of(text).lines()) {
            String[] words = line.text().split(" ", 2);
            String key = words[0];
            if (key.equals(FirejailSets.ENFORCE) && words.length == 1) {
                enforced = true;
            } else if (key.startsWith(FirejailSets.FS_PREFIX) && FirejailSets.GRANTS.containsKey(key.substring(FirejailSets.FS_PREFIX.length()))) {
                String path = words.length < 2 ? "" : words[1].strip();
                if (path.isEmpty()) {
                    in.problem(line.place(key), "no path: write landlock.fs.KIND PATH");
                } else if (path.contains("${")) {
                    in.problem(line.place(key), "Firejail's macros (" + path + ") are not expanded here: write the path");
                } else {
                    rightsByPath.merge(path, AbiTable.bits(RightKind.FS,
                            FirejailSets.GRANTS.get(key.substring(FirejailSets.FS_PREFIX.length()))), (a, b) -> a | b);
                    firstPlace.putIfAbsent(path, line.place(key));
                }
            } else if (key.startsWith("landlock.")) {
                in.problem(line.place(key), "not a Firejail landlock line: expected " + FirejailSets.ENFORCE + " or "
                        + FirejailSets.FS_PREFIX + String.join("|", FirejailSets.GRANTS.keySet()) + " PATH");
            } else {
                others.add(line.number());
            }
        }
        in.throwIfProblems();
        if (!enforced) {
            in.note("no landlock.enforce line: Firejail applies these rules only with it (or --landlock.enforce); imported"
                    + " as if it were there");
        }
        if (!others.isEmpty()) {
            in.note("lines " + others + " are Firejail's other options, not Landlock: left out");
        }
        in.note("Firejail handles the thirteen ABI 1 filesystem rights on every kernel, and no network right or scope");
        in.note("Firejail goes on without Landlock where the kernel has none: taken as best_effort; it skips a path it"
                + " cannot open: every rule's ifMissing is skip");
        List<PathBeneathRule> rules = in.pathRulesByRights(rightsByPath, firstPlace, IfMissing.SKIP);
        List<String> handledFs = ImportReader.inKernelOrder(RightKind.FS, FirejailSets.HANDLED);
        int abi = in.abi(null, "Firejail's lines name no ABI (it uses only ABI 1's rights)", List.of(handledFs),
                List.of(RightKind.FS));
        return in.finish(new Policy(null, name, null, abi, Compatibility.BEST_EFFORT, handledFs, List.of(), List.of(),
                null, null, null, rules, null, null));
    }
}
