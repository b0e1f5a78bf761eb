package dev.landlockstudio.compiler.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A patch changes only what it names: the rest of the text, layout and all, stays as it was written. */
class JsonPatchTest {

    /** Written by hand: four-space indent, short arrays on one line, a rule on one line, "key" : value. */
    private static final String HAND_WRITTEN = """
            {
                "name" : "app",   "abi" : 7,
                "handledAccessFs" : ["read_file", "write_file", "truncate"],
                "pathBeneath" : [
                    { "paths": ["/usr"], "allowedAccess": ["read_file"] },
                    {
                        "paths": ["/var/log/app", "/srv"],
                        "allowedAccess": ["write_file"]
                    }
                ]
            }
            """;

    private static String patched(Fix.Operation... operations) {
        return JsonPatch.apply(HAND_WRITTEN, new Fix("test", List.of(operations)));
    }

    @Test
    void aRightAppendedToAnArrayOnOneLineStaysOnThatLine() {
        assertThat(patched(Fix.Operation.add("/pathBeneath/1/allowedAccess/-", "truncate"))).isEqualTo(HAND_WRITTEN
                .replace("\"allowedAccess\": [\"write_file\"]", "\"allowedAccess\": [\"write_file\", \"truncate\"]"));
        assertThat(patched(Fix.Operation.add("/pathBeneath/0/allowedAccess/0", "read_dir"))).isEqualTo(HAND_WRITTEN
                .replace("[\"read_file\"] }", "[\"read_dir\", \"read_file\"] }"));
    }

    @Test
    void aRuleAppendedToRulesOnLinesOfTheirOwnGetsLinesOfItsOwnAtTheirIndent() {
        assertThat(patched(Fix.Operation.add("/pathBeneath/-", Map.of("paths", List.of("/var/log/app"))))).isEqualTo(
                HAND_WRITTEN.replace("        }\n    ]", "        },\n"
                        + "        {\n"
                        + "          \"paths\": [\n"
                        + "            \"/var/log/app\"\n"
                        + "          ]\n"
                        + "        }\n    ]"));
    }

    @Test
    void aNewMemberGoesLastAndAReplacedValueKeepsItsPlace() {
        assertThat(patched(Fix.Operation.add("/quietAccessFs", List.of("truncate")))).isEqualTo(HAND_WRITTEN.replace(
                "    ]\n}", "    ],\n    \"quietAccessFs\": [\n      \"truncate\"\n    ]\n}"));
        assertThat(patched(Fix.Operation.add("/abi", 10), Fix.Operation.replace("/name", "app2")))
                .isEqualTo(HAND_WRITTEN.replace("\"app\",   \"abi\" : 7", "\"app2\",   \"abi\" : 10"));
    }

    @Test
    void aRemovedEntryTakesItsCommaWithIt() {
        assertThat(patched(Fix.Operation.remove("/handledAccessFs/2"), Fix.Operation.remove("/handledAccessFs/0")))
                .isEqualTo(HAND_WRITTEN.replace("[\"read_file\", \"write_file\", \"truncate\"]", "[\"write_file\"]"));
        assertThat(patched(Fix.Operation.remove("/pathBeneath/0"))).isEqualTo(HAND_WRITTEN
                .replace("{ \"paths\": [\"/usr\"], \"allowedAccess\": [\"read_file\"] },\n        ", ""));
        assertThat(patched(Fix.Operation.remove("/pathBeneath/1/paths/1"), Fix.Operation.remove("/pathBeneath/1/paths/0")))
                .contains("\"paths\": [],");
    }

    @Test
    void anEmptyArrayOrDocumentTakesItsFirstEntryAsItsNeighboursAreLaidOut() {
        String empty = "{\n  \"name\": \"x\",\n  \"pathBeneath\": []\n}\n";
        assertThat(JsonPatch.apply(empty, Fix.of("t", Fix.Operation.add("/pathBeneath/-", Map.of("paths", List.of("/a"))))))
                .isEqualTo("{\n  \"name\": \"x\",\n  \"pathBeneath\": [\n    {\n      \"paths\": [\n        \"/a\"\n      ]\n    }\n  ]\n}\n");
        assertThat(JsonPatch.apply("{}", Fix.of("t", Fix.Operation.add("/scoped", List.of("signal")))))
                .isEqualTo("{\"scoped\": [\"signal\"]}");
        assertThat(JsonPatch.apply("{\"a\": [1, {\"b\": \"x]\\\"y\"}]}", Fix.of("t",
                Fix.Operation.add("/a/-", Map.of("c", List.of(2, 3))))))
                .isEqualTo("{\"a\": [1, {\"b\": \"x]\\\"y\"}, {\"c\": [2, 3]}]}");
    }

    @Test
    void theResultIsWhatTheOperationsMakeOfTheDocument() {
        String result = patched(Fix.Operation.add("/pathBeneath/1/allowedAccess/-", "truncate"),
                Fix.Operation.add("/pathBeneath/-", Map.of("paths", List.of("/tmp"), "allowedAccess", List.of())),
                Fix.Operation.remove("/pathBeneath/0"), Fix.Operation.add("/scoped", List.of()));
        assertThat(Json.parse(result)).isEqualTo(Json.parse("""
                {"name": "app", "abi": 7, "handledAccessFs": ["read_file", "write_file", "truncate"],
                 "pathBeneath": [{"paths": ["/var/log/app", "/srv"], "allowedAccess": ["write_file", "truncate"]},
                                 {"paths": ["/tmp"], "allowedAccess": []}],
                 "scoped": []}"""));
    }

    @Test
    void whatIsNotThereIsAnErrorNamingThePointer() {
        assertThatThrownBy(() -> patched(Fix.Operation.replace("/scoped", List.of())))
                .hasMessage("replace of a missing member /scoped");
        assertThatThrownBy(() -> patched(Fix.Operation.remove("/pathBeneath/5"))).hasMessage("remove of a missing element /pathBeneath/5");
        assertThatThrownBy(() -> patched(Fix.Operation.add("/netPort/-", 1))).hasMessage("no container at /netPort/-");
        assertThatThrownBy(() -> patched(Fix.Operation.add("/name/x", 1))).hasMessage("no container at /name/x");
        assertThatThrownBy(() -> patched(Fix.Operation.add("/pathBeneath/3", 1))).hasMessage("add past the end of /pathBeneath/3");
        assertThatThrownBy(() -> JsonPatch.apply("{\"a\": ", Fix.of("t", Fix.Operation.add("/b", 1))))
                .isInstanceOf(InvalidDocumentException.class);
    }
}
