package dev.landlockstudio.compiler.formats.landlockconfig;

import java.util.List;

/**
 * landlockconfig's two spellings of one schema: JSON's camelCase keys and TOML's snake_case ones
 * (landlock-facts.md §5.1). Both have the same meaning; problems point at the keys the file wrote.
 */
public enum LandlockConfigSpelling {
    JSON("ruleset", "pathBeneath", "netPort", "handledAccessFs", "handledAccessNet", "allowedAccess"),
    TOML("ruleset", "path_beneath", "net_port", "handled_access_fs", "handled_access_net", "allowed_access");

    final String ruleset;
    final String pathBeneath;
    final String netPort;
    final String handledAccessFs;
    final String handledAccessNet;
    final String allowedAccess;

    LandlockConfigSpelling(String ruleset, String pathBeneath, String netPort, String handledAccessFs,
            String handledAccessNet, String allowedAccess) {
        this.ruleset = ruleset;
        this.pathBeneath = pathBeneath;
        this.netPort = netPort;
        this.handledAccessFs = handledAccessFs;
        this.handledAccessNet = handledAccessNet;
        this.allowedAccess = allowedAccess;
    }

    List<String> topKeys() {
        return List.of("abi", "variable", ruleset, pathBeneath, netPort);
    }

    List<String> rulesetKeys() {
        return List.of(handledAccessFs, handledAccessNet, "scoped");
    }
}
