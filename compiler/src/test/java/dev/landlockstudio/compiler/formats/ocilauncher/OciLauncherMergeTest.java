package dev.landlockstudio.compiler.formats.ocilauncher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.policy.PolicyReader;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merged into a user's config.json, the output keeps every member in its place, prefixes the command with the
 * launcher and mounts it read-only; merging again replaces the launcher's own parts rather than adding a second.
 */
class OciLauncherMergeTest {

    private static final String POLICY = """
            {"name": "p", "abi": 4, "handledAccessFs": ["read_file"],
             "pathBeneath": [{"paths": ["/usr"], "allowedAccess": ["read_file"]}]}
            """;
    private static final String NET_ONLY = """
            {"name": "p", "abi": 4, "handledAccessFs": [], "handledAccessNet": ["bind_tcp"], "netPort": [{"ports": [80], "allowedAccess": ["bind_tcp"]}]}
            """;
    private static final String CONFIG = """
            {"ociVersion": "1.2.0",
             "process": {"terminal": false, "args": ["sh", "-c", "cat /etc/motd"], "noNewPrivileges": false, "cwd": "/"},
             "root": {"path": "rootfs", "readonly": true},
             "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"}],
             "annotations": {"team": "web"}}
            """;

    @Test
    void prefixesTheCommandAndMountsTheLauncherReadOnly() {
        assertThat(emit(POLICY, CONFIG, 4, "/opt/ll/launcher")).isEqualTo("""
                {
                  "ociVersion": "1.2.0",
                  "process": {
                    "terminal": false,
                    "args": [
                      "/.landlock-studio/launcher",
                      "sh",
                      "-c",
                      "cat /etc/motd"
                    ],
                    "noNewPrivileges": true,
                    "cwd": "/"
                  },
                  "root": {
                    "path": "rootfs",
                    "readonly": true
                  },
                  "mounts": [
                    {
                      "destination": "/proc",
                      "type": "proc",
                      "source": "proc"
                    },
                    {
                      "destination": "/.landlock-studio/launcher",
                      "type": "bind",
                      "source": "/opt/ll/launcher",
                      "options": [
                        "bind",
                        "ro",
                        "nosuid",
                        "nodev"
                      ]
                    }
                  ],
                  "annotations": {
                    "team": "web"
                  }
                }
                """);
    }

    @Test
    void mergingAgainReplacesTheLaunchersOwnParts() {
        String once = emit(POLICY, CONFIG, 4, "/old/launcher");
        String twice = emit(POLICY, once, 4, "/opt/ll/launcher");
        assertThat(twice).isEqualTo(emit(POLICY, CONFIG, 4, "/opt/ll/launcher"));
        assertThat(emit(POLICY, twice, 4, "/opt/ll/launcher")).isEqualTo(twice);
    }

    @Test
    void aFreshDocumentHoldsOnlyWhatTheLauncherNeeds() {
        var fresh = Json.parse(Compiler.compile(PolicyReader.read(POLICY).resolved(), Target.OCI_LAUNCHER, 4).output());
        assertThat(fresh.propertyNames()).containsExactly("process", "mounts");
        assertThat(fresh.at("/process/args").size()).isEqualTo(1);
        assertThat(fresh.at("/mounts/0/source").stringValue()).isEqualTo(OciLauncherEmitter.DEFAULT_SOURCE);
    }

    @Test
    void notEnforcedTakesTheLauncherOut() {
        // Network rights came with ABI 4: at ABI 3 a network-only policy enforces nothing, so there is nothing to launch.
        String launched = emit(POLICY, CONFIG, 4, "/opt/ll/launcher");
        var plain = Json.parse(emit(NET_ONLY, launched, 3, "/opt/ll/launcher"));
        assertThat(plain.at("/process/args/0").stringValue()).isEqualTo("sh");
        assertThat(plain.at("/mounts").size()).isEqualTo(1);
        assertThat(emit(NET_ONLY, "{\"process\": {}}", 3, "x")).isEqualTo("""
                {
                  "process": {
                    "noNewPrivileges": true
                  }
                }
                """);
    }

    @Test
    void whatIsNoObjectOrArrayIsReplaced() {
        var merged = Json.parse(emit(POLICY, "{\"process\": 5, \"mounts\": \"x\"}", 4, "l"));
        assertThat(merged.propertyNames()).containsExactly("process", "mounts");
        assertThat(merged.at("/process/args/0").stringValue()).isEqualTo(OciLauncherEmitter.DESTINATION);
        assertThat(merged.at("/mounts").size()).isEqualTo(1);
    }

    private static String emit(String policy, String config, int abi, String launcher) {
        return Compiler.compile(PolicyReader.read(policy).resolved(), Target.OCI_LAUNCHER, abi,
                new Compiler.Options(FsView.empty(), (ObjectNode) Json.parse(config), launcher)).output();
    }
}
