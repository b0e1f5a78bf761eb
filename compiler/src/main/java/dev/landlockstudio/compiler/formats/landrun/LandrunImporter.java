package dev.landlockstudio.compiler.formats.landrun;

import dev.landlockstudio.compiler.abi.AbiTable;
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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one landrun command line (continued over lines with a final backslash), as {@link LandrunSets} says landrun
 * reads it: flags as {@code --flag value} or {@code --flag=value}, repeated or with comma-separated values, until
 * {@code --} or the first word that is no flag, where the command starts; the command is not part of the policy.
 */
public final class LandrunImporter implements LineImporter {

    private static final Pattern MARK = Pattern.compile("(?m)^\\s*([A-Za-z_][A-Za-z0-9_]*=\\S*\\s+)*(\\S*/)?landrun(\\s|$)");
    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");
    private static final Set<String> SWITCHES = switches();
    /** Flags whose value is about the command's run, not the sandbox. */
    private static final Set<String> RUN_FLAGS = Set.of("--env", "--log-level");

    /** A word of the command line and the line it is on. */
    private record Word(String text, int line) {
        String place() {
            return "line " + line + ", " + text;
        }
    }

    @Override
    public String mismatch(String text) {
        return MARK.matcher(text).find() ? null : "no line starting with landrun";
    }

    @Override
    public Importer.Imported read(String text, String name) {
        ImportReader in = ImportReader.ofLines(Target.LANDRUN.vocabulary());
        List<Word> words = words(text, in);
        Map<String, Long> rightsByPath = new LinkedHashMap<>();
        Map<String, String> firstPlace = new LinkedHashMap<>();
        Map<String, List<Integer>> ports = new LinkedHashMap<>();
        ports.put(LandrunSets.BIND_TCP, new ArrayList<>());
        ports.put(LandrunSets.CONNECT_TCP, new ArrayList<>());
        Set<String> switches = new LinkedHashSet<>();
        int i = 0;
        while (i < words.size()) {
            Word word = words.get(i++);
            if (word.text().equals("--") || !word.text().startsWith("-")) {
                List<String> command = words.subList(word.text().equals("--") ? i : i - 1, words.size()).stream().map(Word::text).toList();
                if (!command.isEmpty()) {
                    in.note("the command " + String.join(" ", command) + " is not part of the policy");
                }
                break;
            }
            String flag = "--" + word.text().replaceFirst("^--?", "");
            int equals = flag.indexOf('=');
            String inline = equals < 0 ? null : flag.substring(equals + 1);
            flag = equals < 0 ? flag : flag.substring(0, equals);
            if (SWITCHES.contains(flag)) {
                if (inline == null || inline.equals("true")) {
                    switches.add(flag);
                } else if (!inline.equals("false")) {
                    in.problem(word.place(), "a switch takes true or false, not \"" + inline + "\"");
                }
                continue;
            }
            boolean takesValue = LandrunSets.GRANTS.containsKey(flag) || ports.containsKey(flag) || RUN_FLAGS.contains(flag);
            if (!takesValue) {
                in.problem(word.place(), "not a landrun flag: it takes " + String.join(", ", LandrunSets.GRANTS.keySet()) + ", "
                        + String.join(", ", ports.keySet()) + ", " + String.join(", ", SWITCHES) + ", "
                        + String.join(", ", RUN_FLAGS) + ", then the command");
                continue;
            }
            String value = inline;
            if (value == null) {
                if (i >= words.size()) {
                    in.problem(word.place(), "no value: write " + flag + " VALUE");
                    continue;
                }
                value = words.get(i++).text();
            }
            if (RUN_FLAGS.contains(flag)) {
                in.note(word.place() + ": " + value + " is about the command's run, not its sandbox: left out");
            } else if (ports.containsKey(flag)) {
                ports(value, word.place(), ports.get(flag), in);
            } else {
                paths(value, word.place(), AbiTable.bits(RightKind.FS, LandrunSets.GRANTS.get(flag)), rightsByPath, firstPlace, in);
            }
        }
        in.throwIfProblems();
        return in.finish(policy(name, switches, rightsByPath, firstPlace, ports, in));
    }

    private static Policy policy(String name, Set<String> switches, Map<String, Long> rightsByPath,
                                 Map<String, String> firstPlace, Map<String, List<Integer>> ports, ImportReader in) {
        List<String> handledFs = handled(RightKind.FS, switches);
        List<String> handledNet = handled(RightKind.NET, switches);
        List<String> scoped = handled(RightKind.SCOPE, switches);
        if (handledFs.isEmpty() && handledNet.isEmpty() && scoped.isEmpty()) {
            in.problem("", "every kind is --unrestricted: landrun applies no Landlock ruleset, which a policy cannot say"
                    + " (it handles at least one right)");
            in.throwIfProblems();
        }
        if (handledFs.isEmpty() && !rightsByPath.isEmpty()) {
            in.note("--unrestricted-filesystem: landrun applies no path flag, so they are left out");
            rightsByPath.clear();
        }
        List<NetPortRule> portRules = new ArrayList<>();
        if (!handledNet.isEmpty()) {
            ports.forEach((flag, list) -> {
                if (!list.isEmpty()) {
                    portRules.add(new NetPortRule(list, List.of(flag.equals(LandrunSets.BIND_TCP) ? "bind_tcp" : "connect_tcp")));
                }
            });
        } else if (ports.values().stream().anyMatch(list -> !list.isEmpty())) {
            in.note("--unrestricted-network: landrun applies no port flag, so they are left out");
        }
        for (String flag : List.of("--ldd", "--add-exec")) {
            if (switches.contains(flag)) {
                in.note(flag + " adds the command's own files to --rox when landrun runs: they are not in the policy");
            }
        }
        List<String> flags = LandrunSets.LOG_FLAGS.entrySet().stream().filter(e -> switches.contains(e.getKey()))
                .map(Map.Entry::getValue).toList();
        boolean bestEffort = switches.contains(LandrunSets.BEST_EFFORT);
        in.note(bestEffort ? "--best-effort: landrun leaves out what the running kernel lacks: taken as best_effort"
                : "no --best-effort: landrun asks for ABI 9 and refuses to run on an older kernel: taken as hard_requirement");
        IfMissing ifMissing = switches.contains(LandrunSets.IGNORE_MISSING) ? IfMissing.SKIP : null;
        List<PathBeneathRule> pathRules = in.pathRulesByRights(rightsByPath, firstPlace, ifMissing);
        int abi = in.abi(null, "landrun's line names no ABI (it asks for ABI " + LandrunSets.STRICT_ABI + ")",
                List.of(handledFs, handledNet, scoped, flags),
                List.of(RightKind.FS, RightKind.NET, RightKind.SCOPE, RightKind.RESTRICT_FLAG));
        return new Policy(null, name, null, abi, bestEffort ? Compatibility.BEST_EFFORT : Compatibility.HARD_REQUIREMENT,
                handledFs, handledNet, scoped, null, null, null, pathRules, portRules, flags.isEmpty() ? null : flags);
    }

    /** Every right landrun handles of {@code kind}, or none with the kind's --unrestricted-* flag. */
    private static List<String> handled(RightKind kind, Set<String> switches) {
        return switches.contains(LandrunSets.UNRESTRICTED.get(kind)) ? List.of()
                : AbiTable.names(kind, Target.LANDRUN.vocabulary().handledWhole(kind));
    }

    private static void paths(String value, String place, long rights, Map<String, Long> rightsByPath,
                              Map<String, String> firstPlace, ImportReader in) {
        for (String path : value.split(",", -1)) {
            if (path.isEmpty()) {
                in.problem(place, "an empty path between commas, which landrun cannot open");
            } else {
                rightsByPath.merge(path, rights, (a, b) -> a | b);
                firstPlace.putIfAbsent(path, place);
            }
        }
    }

    private static void ports(String value, String place, List<Integer> ports, ImportReader in) {
        for (String port : value.split(",", -1)) {
            if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
                in.problem(place, "\"" + port + "\" is not a port: a port is an integer from 0 to 65535");
            } else if (!ports.contains(Integer.parseInt(port))) {
                ports.add(Integer.parseInt(port));
            }
        }
    }

    /**
     * The words after {@code landrun}: its line, and the lines a final backslash continues it on. Assignments before
     * it are noted; any other line is a problem, since the file holds one command line.
     */
    private static List<Word> words(String text, ImportReader in) {
        List<Word> words = new ArrayList<>();
        boolean started = false;
        boolean continued = false;
        for (SignificantLines.Line line : SignificantLines.of(text).lines()) {
            boolean continues = line.text().endsWith("\\") && !line.text().endsWith("\\\\");
            String body = continues ? line.text().substring(0, line.text().length() - 1) : line.text();
            List<String> split;
            try {
                split = ShellWords.split(body);
            } catch (IllegalArgumentException e) {
                in.problem("line " + line.number(), e.getMessage());
                continued = continues;
                continue;
            }
            int first = 0;
            if (!started) {
                while (first < split.size() && ASSIGNMENT.matcher(split.get(first)).matches()) {
                    in.note("line " + line.number() + ", " + split.get(first) + ": the command's environment, left out");
                    first++;
                }
                if (first == split.size() || !split.get(first).replaceFirst(".*/", "").equals(LandrunSets.COMMAND)) {
                    in.problem("line " + line.number(), "not a landrun command line: the file holds one line starting with landrun");
                    continue;
                }
                started = true;
                first++;
            } else if (!continued) {
                in.problem("line " + line.number(), "after the landrun command line: the file holds one command line"
                        + " (continue it with a backslash at the end of the line)");
                continue;
            }
            for (String word : split.subList(first, split.size())) {
                words.add(new Word(word, line.number()));
            }
            continued = continues;
        }
        return words;
    }

    private static Set<String> switches() {
        Set<String> switches = new LinkedHashSet<>(List.of(LandrunSets.BEST_EFFORT, LandrunSets.IGNORE_MISSING));
        switches.addAll(LandrunSets.UNRESTRICTED.values());
        switches.addAll(LandrunSets.LOG_FLAGS.keySet());
        switches.addAll(List.of("--ldd", "--add-exec"));
        return Collections.unmodifiableSet(switches);
    }
}
