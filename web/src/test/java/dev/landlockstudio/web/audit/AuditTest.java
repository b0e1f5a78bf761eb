package dev.landlockstudio.web.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.report.Fix;
import dev.landlockstudio.compiler.report.JsonPatch;
import dev.landlockstudio.web.testing.BrowserSession;
import dev.landlockstudio.web.testing.ServerTest;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Denials → fix over HTTP: the REST call, a fix saved through PUT or the page's button, and every bad input. */
class AuditTest extends ServerTest {

    private static final String POLICY = ("{'name': 'NAME', 'abi': 7,"
            + " 'handledAccessFs': ['read_file', 'write_file', 'read_dir', 'truncate', 'make_reg'],"
            + " 'handledAccessNet': ['connect_tcp'], 'scoped': [],"
            + " 'pathBeneath': [{'paths': ['/usr'], 'allowedAccess': ['read_file', 'read_dir']},"
            + " {'paths': ['/var/log/app'], 'allowedAccess': ['write_file']}]}").replace('\'', '"');

    private static final String RECORDS = String.join("\n",
            "type=SYSCALL msg=audit(1764824400.120:212): arch=c000003e syscall=257 success=no exit=-13 comm=\"app\"",
            "type=UNKNOWN[1423] msg=audit(1764824400.120:212): domain=1a6fb3c21 blockers=fs.truncate path=\"/var/log/app/app.log\" dev=\"vda2\" ino=7",
            "type=UNKNOWN[1424] msg=audit(1764824400.120:212): domain=1a6fb3c21 status=allocated mode=enforcing pid=901 uid=998"
                    + " exe=\"/usr/bin/python3.11\" comm=\"app\"",
            "[ 812.331] audit: type=1423 audit(1764824460.502:219): domain=1a6fb3c21 blockers=fs.truncate path=\"/var/log/app/app.log\" dev=\"vda2\" ino=7",
            "audit: type=1423 audit(1764824461.018:220): domain=2b blockers=net.connect_tcp daddr=10.0.0.5 dest=5432",
            "audit: type=1423 audit(1764824462.330:224): domain=1a6fb3c21 blockers=fs.read_file path=\"/var/log/ap");

    private static String created(String name) {
        assertThat(api.post("/api/policies", POLICY.replace("NAME", name)).statusCode()).isEqualTo(201);
        return name;
    }

    private static HttpResponse<String> audit(String path, String records, String contentType) {
        return server.send(server.request(path).header("Authorization", "Bearer " + api.token())
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(records)));
    }

    private static String form(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void theRestCallGroupsTheDenialsWithTheirFixesAndAFixLandsThroughPut() {
        String name = created("audited");
        HttpResponse<String> read = audit("/api/policies/" + name + "/audit", RECORDS, "text/plain");
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(read.headers().firstValue("ETag")).hasValue("\"v1\"");
        JsonNode reading = Json.parse(read.body());
        assertThat(reading.get("version").intValue()).isEqualTo(1);
        JsonNode truncate = reading.get("groups").get(0);
        assertThat(truncate.get("domain").stringValue()).isEqualTo("1a6fb3c21");
        assertThat(truncate.get("path").stringValue()).isEqualTo("/var/log/app/app.log");
        assertThat(truncate.get("count").intValue()).isEqualTo(2);
        assertThat(truncate.get("lines").toString()).isEqualTo("[2,4]");
        assertThat(truncate.get("denied").booleanValue()).isTrue();
        assertThat(truncate.get("fix").get("label").stringValue()).isEqualTo("grant truncate on /pathBeneath/1 (/var/log/app)");
        assertThat(truncate.get("fix").get("patch").toString())
                .isEqualTo("[{\"op\":\"add\",\"path\":\"/pathBeneath/1/allowedAccess/-\",\"value\":\"truncate\"}]");
        JsonNode connect = reading.get("groups").get(1);
        assertThat(connect.get("port").intValue()).isEqualTo(5432);
        assertThat(connect.get("fix").get("label").stringValue()).isEqualTo("add a rule granting connect_tcp on port 5432");
        assertThat(reading.get("domains").get(0).get("exe").stringValue()).isEqualTo("/usr/bin/python3.11");
        assertThat(reading.get("ignored").toString()).contains("\"line\":1", "not a Landlock record (type SYSCALL)",
                "\"line\":6", "truncated: the value of path has no closing quote");

        // The patch applies to the version the ETag names, saved like any change.
        Fix fix = Json.MAPPER.treeToValue(truncate.get("fix"), Fix.class);
        String patched = JsonPatch.apply(api.get("/api/policies/" + name).body(), fix);
        assertThat(api.put("/api/policies/" + name + "?note=audit", patched, "If-Match", "\"v1\"").statusCode()).isEqualTo(200);
        JsonNode after = Json.parse(audit("/api/policies/" + name + "/audit", RECORDS, "text/plain").body());
        assertThat(after.get("version").intValue()).isEqualTo(2);
        assertThat(after.get("groups").get(0).get("denied").booleanValue()).isFalse();
        assertThat(after.get("groups").get(0).has("fix")).isFalse();
        // An older version is read on request.
        assertThat(Json.parse(audit("/api/policies/" + name + "/audit?version=1", RECORDS, "text/plain").body())
                .get("groups").get(0).get("denied").booleanValue()).isTrue();
    }

    @Test
    void badInputIsIgnoredWithItsReasonOrRefusedAsAProblemNeverA500() {
        String name = created("bad-input");
        String path = "/api/policies/" + name + "/audit";
        HttpResponse<String> garbage = server.send(server.request(path).header("Authorization", "Bearer " + api.token())
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofByteArray(
                        new byte[] {(byte) 0xff, (byte) 0xfe, 't', 'y', 'p', 'e', '=', '1', '4', '2', '3', 0, '\n', 'x'})));
        assertThat(garbage.statusCode()).isEqualTo(200);
        assertThat(Json.parse(garbage.body()).get("ignored").size()).isEqualTo(2);
        assertThat(audit(path, "", "text/plain").body()).contains("\"groups\":[]");
        for (HttpResponse<String> refused : List.of(audit(path, RECORDS, "application/json"),
                audit(path + "?version=0", RECORDS, "text/plain"), audit(path + "?version=x", RECORDS, "text/plain"),
                audit(path + "?version=9", RECORDS, "text/plain"), audit("/api/policies/nobody/audit", RECORDS, "text/plain"),
                audit(path, "x".repeat(1_100_000), "text/plain"))) {
            assertThat(refused.statusCode()).as(refused.body()).isBetween(400, 499);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
        }
        assertThat(audit(path + "?version=0", RECORDS, "text/plain").body()).contains("\"parameter\":\"version\"");

        // Past 1,000 different denials, the rest is listed as ignored, with the reason.
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < Audits.MAX_GROUPS + 5; i++) {
            many.append("audit: type=1423 audit(1.2:3): domain=1a blockers=fs.read_file path=\"/srv/f").append(i).append("\"\n");
        }
        many.append("audit: type=1423 audit(1.2:3): domain=1a blockers=fs.read_file path=\"/srv/f0\"\n");
        JsonNode bounded = Json.parse(audit(path, many.toString(), "text/plain").body());
        assertThat(bounded.get("groups").size()).isEqualTo(Audits.MAX_GROUPS);
        assertThat(bounded.get("groups").get(0).get("count").intValue()).as("a group already read still counts").isEqualTo(2);
        assertThat(bounded.get("ignored").size()).isEqualTo(5);
        assertThat(bounded.get("ignored").get(0).get("line").intValue()).isEqualTo(Audits.MAX_GROUPS + 1);
        assertThat(bounded.get("ignored").get(0).get("reason").stringValue()).startsWith("more than 1000 different denials");
    }

    @Test
    void thePageShowsTheGroupsAndItsButtonSavesTheFixAsTheNextVersionWithANote() {
        String name = created("paged");
        BrowserSession session = BrowserSession.signIn(server, "admin", server.adminPassword());
        assertThat(session.get("/policies/" + name).body()).contains("href=\"/policies/" + name + "/audit\"");
        assertThat(session.get("/policies/" + name + "/audit").statusCode()).isEqualTo(200);

        HttpResponse<String> read = session.post("/policies/" + name + "/audit", form("records", RECORDS));
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("Domain <code>1a6fb3c21</code>", "/usr/bin/python3.11",
                "Apply: grant truncate on /pathBeneath/1 (/var/log/app)", "truncate is handled and nothing grants it",
                "not a Landlock record (type SYSCALL)", "truncated: the value of path has no closing quote");

        HttpResponse<String> fixed = session.post("/policies/" + name + "/audit/fix",
                form("records", RECORDS) + "&basedOn=1&group=0");
        assertThat(fixed.statusCode()).isEqualTo(302);
        JsonNode v2 = Json.parse(api.get("/api/policies/" + name + "/versions").body()).get(0);
        assertThat(v2.get("version").intValue()).isEqualTo(2);
        assertThat(v2.get("note").stringValue()).isEqualTo("audit: grant truncate on /pathBeneath/1 (/var/log/app)");
        // The document as it was written, with the one right added in its place: a fix is the change it makes.
        assertThat(api.get("/api/policies/" + name).body()).isEqualTo(POLICY.replace("NAME", name)
                .replace("\"allowedAccess\": [\"write_file\"]", "\"allowedAccess\": [\"write_file\", \"truncate\"]"));

        // The same button on the page of v1, after v2 was saved: refused like any stale save, the records kept.
        HttpResponse<String> stale = session.post("/policies/" + name + "/audit/fix",
                form("records", RECORDS) + "&basedOn=1&group=1");
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(stale.body()).contains("Nothing was saved:</strong> someone saved v<span>2</span>", "dest=5432",
                "now read against v<span>2</span>");
        assertThat(api.get("/api/policies/" + name).headers().firstValue("ETag")).hasValue("\"v2\"");

        HttpResponse<String> noSuchGroup = session.post("/policies/" + name + "/audit/fix",
                form("records", RECORDS) + "&basedOn=2&group=7");
        assertThat(noSuchGroup.statusCode()).isEqualTo(400);
        assertThat(noSuchGroup.body()).contains("7 is none of them", "dest=5432");
    }

    @Test
    void anExpectedDenialIsQuietedFromAbiTenAndRefusedWithTheReasonBelow() {
        String name = "quieted";
        assertThat(api.post("/api/policies", POLICY.replace("NAME", name).replace("\"abi\": 7",
                "\"abi\": " + AbiTable.quietFirstAbi())).statusCode()).isEqualTo(201);
        BrowserSession session = BrowserSession.signIn(server, "admin", server.adminPassword());
        HttpResponse<String> read = session.post("/policies/" + name + "/audit", form("records", RECORDS));
        assertThat(read.body()).contains("Quiet: keep denying truncate on /var/log/app/app.log without logging it",
                "formaction=\"/policies/" + name + "/audit/quiet\"");
        assertThat(Json.parse(audit("/api/policies/" + name + "/audit", RECORDS, "text/plain").body())
                .at("/groups/0/quiet/patch/0/path").stringValue()).isEqualTo("/quietAccessFs");

        HttpResponse<String> quieted = session.post("/policies/" + name + "/audit/quiet",
                form("records", RECORDS) + "&basedOn=1&group=0");
        assertThat(quieted.statusCode()).isEqualTo(302);
        JsonNode v2 = Json.parse(api.get("/api/policies/" + name).body());
        assertThat(v2.get("quietAccessFs").toString()).isEqualTo("[\"truncate\"]");
        assertThat(v2.at("/pathBeneath/1/allowedAccess").toString()).isEqualTo("[\"write_file\"]");
        assertThat(v2.at("/pathBeneath/2/quiet").booleanValue()).isTrue();
        assertThat(Json.parse(api.get("/api/policies/" + name + "/versions").body()).get(0).get("note").stringValue())
                .isEqualTo("audit: keep denying truncate on /var/log/app/app.log without logging it");

        String below = created("not-quieted");
        assertThat(session.post("/policies/" + below + "/audit", form("records", RECORDS)).body()).doesNotContain("Quiet:");
        HttpResponse<String> refused = session.post("/policies/" + below + "/audit/quiet",
                form("records", RECORDS) + "&basedOn=1&group=0");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("v1 is for ABI 7: quiet sets and rules need ABI " + AbiTable.quietFirstAbi());
        assertThat(api.get("/api/policies/" + below).headers().firstValue("ETag")).hasValue("\"v1\"");
    }
}
