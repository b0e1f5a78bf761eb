package dev.landlockstudio.compiler.formats.sandboxer;

import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.formats.ImportReader;
import dev.landlockstudio.compiler.formats.Importer;
import dev.landlockstudio.compiler.formats.LineImporter;
import dev.landlockstudio.compiler.formats.ShellWords;
import dev.landlockstudio.compiler.formats.SignificantLines;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.policy.Compatibility;
import dev.landlockstudio.compiler.policy.IfMissing;
import dev.landlockstudio.compiler.policy.NetPortRule;
import dev.landlockstudio.compiler.policy.PathBeneathRule;
import dev.landlockstudio.compiler.policy.Policy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the sandboxer's environment: {@code NAME=value} lines (or one shell line of assignments before the command),
 * as {@link SandboxerSets} says the sandboxer reads them. The command is not part of the policy.
 */
public final class SandboxerImporter implements LineImporter {

    private static final Pattern MARK = Pattern.compile("(?m)^\\s*(export\\s+)?LL_FS_R[OW]=");
    private static final String FORCE_LOG = "LL_FORCE_LOG";
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(.*)", Pattern.DOTALL);

    /** A variable's value and where it was set. */
    private record Setting(String value, String place) {
    }

    @Override
    public String mismatch(String text) {
        return MARK.matcher(text).find() ? null : "no line sets LL_FS_RO or LL_FS_RW";
    }

    @Override
    public Importer.Imported read(String text, String name) {
        ImportReader in = ImportReader.ofLines(Target.SANDBOXER.vocabulary());
        Map<String, Setting> settings = settings(text, in);
        for (String mandatory : List.of(SandboxerSets.FS_RO, SandboxerSets.FS_RW)) {
            if (!settings.containsKey(mandatory)) {
                in.problem("", mandatory + " is not set: the sandboxer refuses to run without it (an empty value means"
                        + " no path)");
            }
        }
        List<PathBeneathRule> pathRules = new ArrayList<>();
        pathRule(settings.get(SandboxerSets.FS_RO), SandboxerSets.READ, in, pathRules);
        pathRule(settings.get(SandboxerSets.FS_RW), SandboxerSets.READ_WRITE, in, pathRules);
        List<String> handledNet = new ArrayList<>();
        List<NetPortRule> portRules = new ArrayList<>();
        portRule(settings.get(SandboxerSets.TCP_BIND), "bind_tcp", in, handledNet, portRules);
        portRule(settings.get(SandboxerSets.TCP_CONNECT), "connect_tcp", in, handledNet, portRules);
        List<String> scoped = scopes(settings.get(SandboxerSets.SCOPED), in);
        in.throwIfProblems();
        List<String> handledFs = ImportReader.inKernelOrder(RightKind.FS, SandboxerSets.READ_WRITE);
        in.note("the sandboxer handles its whole read and write sets on every run: handledAccessFs lists them all");
        in.note("the sandboxer is always best effort: it leaves out what the running kernel lacks (refer at ABI 1,"
                + " where it knowingly forbids every rename and link across directories)");
        in.note("the sandboxer skips a path it cannot open: every rule's ifMissing is skip");
        int abi = in.abi(null, "the sandboxer's environment names no ABI (it takes the running kernel's, up to its ABI 6)",
                List.of(handledFs, handledNet, scoped), List.of(RightKind.FS, RightKind.NET, RightKind.SCOPE));
        return in.finish(new Policy(null, name, null, abi, Compatibility.BEST_EFFORT, handledFs,
                ImportReader.inKernelOrder(RightKind.NET, handledNet), scoped, null, null, null, pathRules, portRules, null));
    }

    /** Every variable set, once each; a line may hold several assignments, then the command. */
    private static Map<String, Setting> settings(String text, ImportReader in) {
        Map<String, Setting> settings = new LinkedHashMap<>();
        for (SignificantLines.Line line : SignificantLines.of(text).lines()) {
            List<String> words;
            try {
                words = ShellWords.split(line.text());
            } catch (IllegalArgumentException e) {
                in.problem("line " + line.number(), e.getMessage());
                continue;
            }
            int first = !words.isEmpty() && words.get(0).equals("export") ? 1 : 0;
            for (int i = first; i < words.size(); i++) {
                Matcher assignment = ASSIGNMENT.matcher(words.get(i));
                if (!assignment.matches()) {
                    in.note("line " + line.number() + ": the command " + String.join(" ", words.subList(i, words.size()))
                            + " is not part of the policy");
                    break;
                }
                String variable = assignment.group(1);
                String place = line.place(variable);
                if (variable.equals(FORCE_LOG)) {
                    in.note(place + ": newer sandboxers (Linux 6.15) log new executions with it; the ABI 6 sample"
                            + " this format follows has no restrict-self flag, so it is left out");
                } else if (!SandboxerSets.VARIABLES.contains(variable)) {
                    if (variable.startsWith("LL_")) {
                        in.problem(place, "not a variable the sandboxer reads: it reads " + String.join(", ", SandboxerSets.VARIABLES));
                    } else {
                        in.note(place + ": not the sandboxer's, left out");
                    }
                } else if (settings.containsKey(variable)) {
                    in.problem(place, "set again (first at " + settings.get(variable).place() + ")");
                } else {
                    settings.put(variable, new Setting(assignment.group(2), place));
                }
            }
        }
        return settings;
    }

    private static void pathRule(Setting setting, List<String> rights, ImportReader in, List<PathBeneathRule> rules) {
        if (setting == null || setting.value().isEmpty()) {
            return;
        }
        List<String> paths = Arrays.asList(setting.value().split(":", -1));
        if (paths.contains("")) {
            in.problem(setting.place(), "an empty path between colons, which the sandboxer cannot open");
            return;
        }
        in.mapPointer("/pathBeneath/" + rules.size(), setting.place());
        rules.add(new PathBeneathRule(paths, ImportReader.inKernelOrder(RightKind.FS, rights), IfMissing.SKIP, null));
    }

    /** Set (even empty): the right is handled; unset, the sandboxer leaves it unrestricted. */
    private static void portRule(Setting setting, String right, ImportReader in, List<String> handled, List<NetPortRule> rules) {
        if (setting == null) {
            return;
        }
        handled.add(right);
        in.mapPointer("/handledAccessNet", setting.place());
        List<Integer> ports = new ArrayList<>();
        for (String port : setting.value().split(":")) {
            if (port.isEmpty()) {
                continue;
            }
            if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
                in.problem(setting.place(), "\"" + port + "\" is not a port: a port is an integer from 0 to 65535");
            } else {
                ports.add(Integer.parseInt(port));
            }
        }
        if (!ports.isEmpty()) {
            in.mapPointer("/netPort/" + rules.size(), setting.place());
            rules.add(new NetPortRule(ports, List.of(right)));
        }
    }

    private static List<String> scopes(Setting setting, ImportReader in) {
        List<String> scoped = new ArrayList<>();
        if (setting == null || setting.value().isEmpty()) {
            return scoped;
        }
        in.mapPointer("/scoped", setting.place());
        for (String letter : setting.value().split(":", -1)) {
            int index = SandboxerSets.SCOPE_LETTERS.indexOf(letter);
            if (index < 0 || scoped.contains(SandboxerSets.SCOPES.get(index))) {
                in.problem(setting.place(), "unknown or repeated scope \"" + letter + "\": the sandboxer takes a (abstract"
                        + " unix sockets) and s (signals), each once, colon-separated");
            } else {
                scoped.add(SandboxerSets.SCOPES.get(index));
            }
        }
        return scoped;
    }
}
