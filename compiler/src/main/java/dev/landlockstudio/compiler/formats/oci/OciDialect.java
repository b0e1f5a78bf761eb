package dev.landlockstudio.compiler.formats.oci;

import java.util.Map;

/**
 * The field names of one runtime-spec Landlock proposal (landlock-facts.md §6). #1241 renamed #1111's
 * fields, added network ports and turned disableBestEffort into enableBestEffort.
 *
 * @param netKey         handled network rights' key, or null when the draft has no network
 * @param portRuleKey    network rules' key, or null when the draft has no network
 * @param netNames       the draft's network names for our names
 * @param bestEffortKey  the boolean that selects best effort
 * @param bestEffortWhen the value of that boolean that means best effort
 */
public record OciDialect(
        String handledKey,
        String fsKey,
        String netKey,
        String portRuleKey,
        Map<String, String> netNames,
        String bestEffortKey,
        boolean bestEffortWhen) {

    /** runtime-spec PR #1241, commit 77ec826. */
    public static final OciDialect PR_1241 = new OciDialect("handledAccess", "handledAccessFS", "handledAccessNetwork",
            "networkPort", Map.of("bind_tcp", "bind", "connect_tcp", "connect"), "enableBestEffort", true);

    /** runtime-spec PR #1111, as runc's proof of concept reads it. */
    public static final OciDialect PR_1111 = new OciDialect("ruleset", "handledAccessFS", null, null, Map.of(),
            "disableBestEffort", false);

    public String netName(String ours) {
        return netNames.get(ours);
    }

    /** Our name for the draft's network name, or null if it has none. */
    public String ourNetName(String theirs) {
        return netNames.entrySet().stream().filter(e -> e.getValue().equals(theirs)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }
}
