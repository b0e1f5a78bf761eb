package dev.landlockstudio.compiler.formats.oci;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.formats.ImportReader;
import dev.landlockstudio.compiler.formats.Importer;
import dev.landlockstudio.compiler.lowering.Vocabulary;
import dev.landlockstudio.compiler.policy.Compatibility;
import dev.landlockstudio.compiler.policy.NetPortRule;
import dev.landlockstudio.compiler.policy.PathBeneathRule;
import dev.landlockstudio.compiler.policy.Policy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/** Reads {@code process.landlock} of an OCI config.json (or of a fragment holding only process) in one proposal's names. */
public final class OciImporter implements Importer {

    private static final String LANDLOCK = "/process/landlock";

    private final OciDialect dialect;
    private final Vocabulary vocabulary;

    public OciImporter(OciDialect dialect, Vocabulary vocabulary) {
        this.dialect = dialect;
        this.vocabulary = vocabulary;
    }

    @Override
    public Imported read(JsonNode config, String name) {
        ImportReader in = new ImportReader(vocabulary);
        JsonNode process = config.get("process");
        JsonNode landlock = process == null ? null : process.get("landlock");
        if (landlock == null) {
            in.problem(LANDLOCK, "no process.landlock object: this config.json has no Landlock policy");
            in.throwIfProblems();
        }
        if (!process.path("noNewPrivileges").asBoolean(false)) {
            in.note("process.noNewPrivileges is not true: runtimes skip or refuse Landlock without it;"
                    + " the compiled output always sets it");
        }
        Set<String> keys = new LinkedHashSet<>(List.of(dialect.handledKey(), "rules", dialect.bestEffortKey()));
        in.object(landlock, LANDLOCK, keys);
        String handledPointer = LANDLOCK + "/" + dialect.handledKey();
        JsonNode handled = landlock.get(dialect.handledKey());
        List<String> handledFs = List.of();
        List<String> handledNet = List.of();
        if (handled != null && in.object(handled, handledPointer, netKeys(dialect.fsKey(), dialect.netKey())) != null) {
            handledFs = in.rights(RightKind.FS, handled.get(dialect.fsKey()), handledPointer + "/" + dialect.fsKey(),
                    Function.identity());
            if (dialect.netKey() != null) {
                handledNet = in.rights(RightKind.NET, handled.get(dialect.netKey()), handledPointer + "/" + dialect.netKey(),
                        dialect::ourNetName);
            }
        }
        in.mapPointer("/handledAccessFs", handledPointer + "/" + dialect.fsKey());
        in.mapPointer("/handledAccessNet", handledPointer + "/" + dialect.netKey());

        List<PathBeneathRule> pathRules = new ArrayList<>();
        List<NetPortRule> portRules = new ArrayList<>();
        JsonNode rules = landlock.get("rules");
        if (rules != null && in.object(rules, LANDLOCK + "/rules", netKeys("pathBeneath", dialect.portRuleKey())) != null) {
            List<JsonNode> written = in.array(rules.get("pathBeneath"), LANDLOCK + "/rules/pathBeneath");
            for (int i = 0; i < written.size(); i++) {
                String at = LANDLOCK + "/rules/pathBeneath/" + i;
                if (in.object(written.get(i), at, Set.of("allowedAccess", "paths")) == null) {
                    continue;
                }
                in.mapPointer("/pathBeneath/" + pathRules.size(), at);
                pathRules.add(new PathBeneathRule(in.strings(written.get(i).get("paths"), at + "/paths"),
                        in.rights(RightKind.FS, written.get(i).get("allowedAccess"), at + "/allowedAccess", Function.identity())));
            }
            if (dialect.portRuleKey() != null) {
                String rulesAt = LANDLOCK + "/rules/" + dialect.portRuleKey();
                List<JsonNode> ports = in.array(rules.get(dialect.portRuleKey()), rulesAt);
                for (int i = 0; i < ports.size(); i++) {
                    String at = rulesAt + "/" + i;
                    if (in.object(ports.get(i), at, Set.of("allowedAccess", "ports")) == null) {
                        continue;
                    }
                    in.mapPointer("/netPort/" + portRules.size(), at);
                    portRules.add(new NetPortRule(in.ports(ports.get(i).get("ports"), at + "/ports"),
                            in.rights(RightKind.NET, ports.get(i).get("allowedAccess"), at + "/allowedAccess",
                                    dialect::ourNetName)));
                }
            }
        }
        Boolean flag = in.bool(landlock.get(dialect.bestEffortKey()), LANDLOCK + "/" + dialect.bestEffortKey());
        if (flag == null) {
            in.note(dialect.bestEffortKey() + " is absent: taken as best effort; the drafts disagree on its default,"
                    + " so the compiled output always writes it");
        }
        Compatibility compatibility = flag == null || flag == dialect.bestEffortWhen()
                ? Compatibility.BEST_EFFORT : Compatibility.HARD_REQUIREMENT;
        int abi = in.abi(recordedAbi(in, config), "the annotation " + OciEmitter.ABI_ANNOTATION + " is absent",
                List.of(handledFs, handledNet), List.of(RightKind.FS, RightKind.NET));
        return in.finish(new Policy(null, name, null, abi, compatibility, handledFs, handledNet, List.of(),
                null, null, null, pathRules, portRules, null));
    }

    @Override
    public String mismatch(JsonNode config) {
        JsonNode landlock = config.path("process").path("landlock");
        if (!landlock.isObject()) {
            return "no process.landlock object";
        }
        if (landlock.has(dialect.handledKey()) || landlock.has(dialect.bestEffortKey())
                || dialect.portRuleKey() != null && landlock.path("rules").has(dialect.portRuleKey())) {
            return null;
        }
        return "process.landlock has neither " + dialect.handledKey() + " nor " + dialect.bestEffortKey();
    }

    /** The ABI the annotation records, or null when there is none (or it is not one, with a problem). */
    private static Integer recordedAbi(ImportReader in, JsonNode config) {
        JsonNode recorded = config.path("annotations").get(OciEmitter.ABI_ANNOTATION);
        if (recorded == null) {
            return null;
        }
        String text = recorded.isString() ? recorded.stringValue() : "";
        if (text.matches("[0-9]{1,2}") && AbiTable.isKnown(Integer.parseInt(text))) {
            return Integer.parseInt(text);
        }
        in.problem("/annotations/" + OciEmitter.ABI_ANNOTATION, "expected a Landlock ABI from " + AbiTable.oldest()
                + " to " + AbiTable.newest() + " as a string, found " + recorded);
        return null;
    }

    private static Set<String> netKeys(String first, String second) {
        return second == null ? Set.of(first) : new LinkedHashSet<>(List.of(first, second));
    }
}
