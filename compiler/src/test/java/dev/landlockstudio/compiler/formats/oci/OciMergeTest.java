package dev.landlockstudio.compiler.formats.oci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.policy.PolicyReader;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Merged into a user's config.json, the output keeps every member of it in its place and changes only Landlock's. */
class OciMergeTest {

    private static final String POLICY = """
            {"name": "p", "abi": 4, "handledAccessFs": ["read_file"], "handledAccessNet": ["bind_tcp"],
             "pathBeneath": [{"paths": ["/usr"], "allowedAccess": ["read_file"]}],
             "netPort": [{"ports": [8080], "allowedAccess": ["bind_tcp"]}]}
            """;

    @Test
    void rewritesProcessAndAnnotationsWhereTheyStand() {
        String config = """
                {"annotations": {"team": "web", "dev.landlockstudio.landlock.abi": "2", "x\\"y": 1.5},
                 "process": {"noNewPrivileges": false, "args": ["nginx"], "landlock": {"stale": true}},
                 "root": {"path": "rootfs", "mounts": [], "options": {}}, "n": null}
                """;
        assertThat(merged(config, 4)).isEqualTo("""
                {
                  "annotations": {
                    "team": "web",
                    "x\\"y": 1.5,
                    "dev.landlockstudio.landlock.abi": "4"
                  },
                  "process": {
                    "noNewPrivileges": true,
                    "args": [
                      "nginx"
                    ],
                    "landlock": {
                      "handledAccess": {
                        "handledAccessFS": [
                          "read_file"
                        ],
                        "handledAccessNetwork": [
                          "bind"
                        ]
                      },
                      "rules": {
                        "pathBeneath": [
                          {
                            "allowedAccess": [
                              "read_file"
                            ],
                            "paths": [
                              "/usr"
                            ]
                          }
                        ],
                        "networkPort": [
                          {
                            "allowedAccess": [
                              "bind"
                            ],
                            "ports": [
                              8080
                            ]
                          }
                        ]
                      },
                      "enableBestEffort": true
                    }
                  },
                  "root": {
                    "path": "rootfs",
                    "mounts": [],
                    "options": {}
                  },
                  "n": null
                }
                """);
    }

    @Test
    void addsWhatIsMissingLastAndReplacesWhatIsNoObject() {
        assertThat(Json.parse(merged("{\"ociVersion\": \"1.2.0\", \"process\": 5}", 4)).propertyNames())
                .containsExactly("ociVersion", "process", "annotations");
        assertThat(Json.parse(merged("{\"annotations\": [1], \"ociVersion\": \"1.2.0\"}", 4)).propertyNames())
                .containsExactly("annotations", "ociVersion", "process");
        assertThat(Json.parse(merged("{\"annotations\": [1], \"ociVersion\": \"1.2.0\"}", 4)).get("annotations").isObject())
                .isTrue();
    }

    @Test
    void notEnforcedDropsOnlyLandlocksOwnMembers() {
        // Network rights came with ABI 4: at ABI 3 a network-only policy enforces nothing.
        String netOnly = """
                {"name": "p", "abi": 4, "handledAccessFs": [], "handledAccessNet": ["bind_tcp"], "netPort": [{"ports": [80], "allowedAccess": ["bind_tcp"]}]}
                """;
        String config = """
                {"annotations": {"dev.landlockstudio.landlock.abi": "4", "team": "web"}, "process": {"landlock": {}}}
                """;
        String merged = emit(netOnly, config, 3);
        assertThat(merged).isEqualTo("""
                {
                  "annotations": {
                    "team": "web"
                  },
                  "process": {
                    "noNewPrivileges": true
                  }
                }
                """);
        assertThat(emit(netOnly, "{\"annotations\": \"kept\"}", 3)).contains("\"annotations\": \"kept\"");
    }

    private static String merged(String config, int abi) {
        return emit(POLICY, config, abi);
    }

    private static String emit(String policy, String config, int abi) {
        return Compiler.compile(PolicyReader.read(policy).resolved(), Target.OCI, abi,
                new Compiler.Options(FsView.empty(), (ObjectNode) Json.parse(config))).output();
    }
}
