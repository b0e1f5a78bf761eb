package dev.landlockstudio.web.editor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.AccessGroup;
import dev.landlockstudio.compiler.abi.AccessRight;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.policy.Compatibility;
import dev.landlockstudio.compiler.policy.Policy;
import dev.landlockstudio.web.testing.BrowserSession;
import dev.landlockstudio.web.testing.ServerTest;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;

/** The editor page offers exactly what the ABI table and the evaluator know: its script copies no list of its own. */
class EditorVocabularyTest extends ServerTest {

    private static final Pattern VOCABULARY = Pattern.compile("data-vocabulary=\"([^\"]*)\"");

    @Test
    void thePageListsComeFromTheAbiTableAndTheEvaluator() {
        BrowserSession session = BrowserSession.signIn(server, "admin", server.adminPassword());
        session.post("/policies", "source=example&example=static-web-server&name=vocabulary");
        String page = session.get("/policies/vocabulary").body();
        Matcher found = VOCABULARY.matcher(page);
        assertThat(found.find()).as("the editor carries its vocabulary").isTrue();
        JsonNode vocabulary = Json.parse(HtmlUtils.htmlUnescape(found.group(1)));

        assertThat(texts(vocabulary.get("abis"), "number")).isEqualTo(AbiTable.VERSIONS.stream().map(v -> String.valueOf(v.number())).toList());
        assertThat(texts(vocabulary.get("abis"), "linux")).isEqualTo(AbiTable.VERSIONS.stream().map(v -> v.linux()).toList());
        assertThat(vocabulary.get("newestAbi").intValue()).isEqualTo(AbiTable.newest());
        int hostAbi = vocabulary.get("hostAbi").intValue();
        assertThat(hostAbi == 0 || AbiTable.isKnown(hostAbi)).as("the host's ABI, or 0 without Landlock").isTrue();
        assertThat(texts(vocabulary.get("operations"), "name")).isEqualTo(Operation.names());
        assertThat(texts(vocabulary.get("operations"), "target"))
                .isEqualTo(Arrays.stream(Operation.values()).map(o -> o.target().name().toLowerCase()).toList());
        assertThat(StreamSupport.stream(vocabulary.get("compatibility").spliterator(), false).map(JsonNode::stringValue).toList())
                .isEqualTo(Arrays.stream(Compatibility.values()).map(Compatibility::documentName).toList());

        for (RightKind kind : List.of(RightKind.FS, RightKind.NET, RightKind.SCOPE)) {
            List<JsonNode> offered = StreamSupport.stream(vocabulary.get("rights").spliterator(), false)
                    .filter(r -> r.get("kind").stringValue().equals(kind.name().toLowerCase())).toList();
            assertThat(offered.stream().map(r -> r.get("name").stringValue()).sorted().toList())
                    .as("every %s right, once", kind).isEqualTo(AbiTable.rights(kind).stream().map(AccessRight::name).sorted().toList());
            for (JsonNode right : offered) {
                AccessRight known = AbiTable.right(kind, right.get("name").stringValue()).orElseThrow();
                assertThat(right.get("firstAbi").intValue()).isEqualTo(known.firstAbi());
                assertThat(right.get("kernelName").stringValue()).isEqualTo(known.kernelName());
            }
        }
        List<AccessRight> flags = AbiTable.rights(RightKind.RESTRICT_FLAG);
        assertThat(texts(vocabulary.get("restrictFlags"), "name")).isEqualTo(flags.stream().map(AccessRight::name).toList());
        assertThat(texts(vocabulary.get("restrictFlags"), "firstAbi"))
                .isEqualTo(flags.stream().map(f -> String.valueOf(f.firstAbi())).toList());
        assertThat(vocabulary.get("quiet").get("firstAbi").intValue()).isEqualTo(AbiTable.quietFirstAbi());
        assertThat(vocabulary.get("quiet").get("meanings").propertyNames()).as("each quiet mark the document has, said once")
                .containsExactlyInAnyOrder("pathBeneath", "netPort", Policy.quietKey(RightKind.FS), Policy.quietKey(RightKind.NET),
                        Policy.quietKey(RightKind.SCOPE));
        assertThat(vocabulary.get("groups").propertyNames())
                .containsExactlyElementsOf(Arrays.stream(AccessGroup.values()).map(AccessGroup::groupName).toList());
    }

    private static List<String> texts(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.get(field).asString()).toList();
    }
}
