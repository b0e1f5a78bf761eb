package dev.landlockstudio.web.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The history's summary of a version, worded on the shipped examples as people edit them. */
class VersionSummaryTest {

    private static final String NGINX = example("static-web-server");

    private static String example(String name) {
        try (InputStream in = VersionSummaryTest.class.getResourceAsStream("/examples/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aRightAddedToARuleIsNamedWithTheRulesNumber() {
        String edited = NGINX.replace("\"remove_file\", \"remove_dir\"]", "\"remove_file\", \"remove_dir\", \"refer\"]");
        assertThat(VersionSummary.of(NGINX, edited)).containsExactly("rule 3: + refer");
    }

    @Test
    void aRemovedRuleIsOneChangeNotAShiftOfEveryRuleAfterIt() {
        String edited = NGINX.replace("""
                    { "paths": ["/etc/passwd", "/etc/group", "/etc/localtime"], "allowedAccess": ["read_file"] },
                """, "");
        assertThat(VersionSummary.of(NGINX, edited)).containsExactly("rule 2 removed (/etc/passwd, /etc/group, /etc/localtime)");
    }

    @Test
    void aRuleRemovedAndTheNextEditedAreToldApart() {
        String edited = NGINX.replace("""
                    { "paths": ["/etc/passwd", "/etc/group", "/etc/localtime"], "allowedAccess": ["read_file"] },
                """, "").replace("\"ifMissing\": \"skip\"", "\"ifMissing\": \"fail\"")
                .replace("{ \"paths\": [\"/run\"], \"allowedAccess\": [\"read_dir\", \"write_file\", \"truncate\",",
                        "{ \"paths\": [\"/run\", \"/tmp\"], \"allowedAccess\": [\"read_dir\", \"write_file\",");
        assertThat(VersionSummary.of(NGINX, edited)).containsExactly(
                "rule 2 removed (/etc/passwd, /etc/group, /etc/localtime)",
                "rule 2: ifMissing: skip → fail",
                "rule 3: - truncate; paths: + /tmp");
    }

    @Test
    void addedRulesHandledRightsAndScalarsEachSayWhat() {
        String edited = NGINX.replace("\"abi\": 7,", "\"abi\": 6,\n  \"handledAccessFs\": [\"read_file\", \"write_file\"],")
                .replace("\"compatibility\": \"best_effort\"", "\"compatibility\": \"hard_requirement\"")
                .replace("{ \"ports\": [80, 443], \"allowedAccess\": [\"bind_tcp\"] }",
                        "{ \"ports\": [80, 443], \"allowedAccess\": [\"bind_tcp\"] },\n    { \"ports\": [5432], \"allowedAccess\": [\"connect_tcp\"] }")
                .replace("\"description\": \"nginx serving", "\"description\": \"Nginx serving");
        assertThat(VersionSummary.of(NGINX, edited)).containsExactly(
                "description changed",
                "abi: 7 → 6",
                "handledAccessFs added: read_file, write_file",
                "compatibility: best_effort → hard_requirement",
                "port rule 2 added (5432)");
    }

    @Test
    void handledRightsDroppedAndAMemberRemoved() {
        String before = NGINX.replace("\"abi\": 7,", "\"abi\": 7,\n  \"handledAccessFs\": [\"read_file\", \"write_file\", \"truncate\"],");
        String after = NGINX.replace("\"abi\": 7,", "\"abi\": 7,\n  \"handledAccessFs\": [\"read_file\", \"write_file\"],")
                .replace(",\n  \"restrictSelf\": [\"log_new_exec_on\"]", "");
        assertThat(VersionSummary.of(before, after)).containsExactly("handledAccessFs: - truncate", "restrictSelf removed");
    }

    @Test
    void aRenameIsNamedAndTheSameMeaningIsSaidSo() {
        assertThat(VersionSummary.of(NGINX, NGINX.replace("\"static-web-server\"", "\"static-site\""))).containsExactly("name changed");
        assertThat(VersionSummary.of(NGINX, NGINX.replace("\n", "\n  "))).containsExactly("formatting only");
        assertThat(VersionSummary.of(NGINX, NGINX)).containsExactly("same document");
    }

    @Test
    void everyExampleAgainstTheNextReadsAsRuleChanges() {
        String from = example("network-client");
        String to = example("python-service");
        assertThat(VersionSummary.of(from, to)).isNotEmpty().allSatisfy(line -> assertThat(line).isNotBlank())
                .anySatisfy(line -> assertThat(line).startsWith("name"));
    }
}
