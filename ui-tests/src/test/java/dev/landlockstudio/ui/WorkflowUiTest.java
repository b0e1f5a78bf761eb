package dev.landlockstudio.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.enforcer.EnforcerTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Dry runs, history, imports and API tokens, through the pages. */
class WorkflowUiTest extends BrowserTest {

    private static final Path EXAMPLES = Path.of("..", "examples");

    @Test
    void aScratchDryRunStreamsItsRowsAndTheyMatch(TestInfo test) {
        EnforcerTestSupport.requireLandlock();
        signIn();
        createFromExample("static-web-server", "dry-run");
        page.getByText("Try it").click();
        page.locator("input[name=mode][value=scratch]").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start the dry run")).click();
        assertThat(page).hasURL(Pattern.compile(".*/dry-runs/\\d+$"));
        Locator status = page.locator("#run-status strong");
        assertThat(status).hasText("passed", new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(60_000));
        Locator rows = page.locator("#probe-groups .probe");
        assertThat(rows.count()).isGreaterThan(50);
        // Every row came through the event stream, not from the page as first served.
        assertThat(page.locator("#run-status")).hasAttribute("data-streamed", String.valueOf(rows.count()));
        assertThat(page.locator("#probe-groups .probe.mismatch")).hasCount(0);
        assertThat(page.locator("#run-message")).containsText("0 mismatched");
        screenshot(test, "-rows");
        assertThat(page.locator("#run-summary")).containsText("passed: ");
        page.getByLabel("Show only mismatches").check();
        assertThat(page.locator("#probe-groups .probe:visible")).hasCount(0);
        page.getByLabel("Show only mismatches").uncheck();
        assertThat(page.locator("#probe-groups .probe:visible")).hasCount(rows.count());

        page.navigate(url("/policies/dry-run/try"));
        assertThat(page.locator("table.list tbody tr").first()).containsText("passed");

        // A probe that cannot be read is named, and the form keeps what was typed.
        page.locator("input[name=mode][value=host]").check();
        page.locator("#probes").fill("read_file:/etc/hosts\nfly:/x");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start the dry run")).click();
        assertThat(page.locator("#try-problems")).containsText("Probe on line 2");
        assertThat(page.locator("#probes")).hasValue("read_file:/etc/hosts\nfly:/x");
        assertThat(page.locator("input[name=mode][value=host]")).isChecked();
    }

    @Test
    void historyShowsADiffAndRestoresAnOldVersion() {
        signIn();
        createFromExample("network-client", "history");
        Locator description = page.locator("#document");
        String original = description.inputValue();
        description.fill(original.replaceFirst("\"description\": \"[^\"]*\"", "\"description\": \"changed once\""));
        page.locator("#note").fill("describe it");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
        assertThat(page.getByRole(AriaRole.STATUS).first()).containsText("Saved as v2");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("History").setExact(true)).click();
        assertThat(page.locator("table.versions tbody tr")).hasCount(2);
        assertThat(page.locator("table.diff tr.changed td:last-child")).containsText("changed once");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Restore v1")).click();
        assertThat(page.getByRole(AriaRole.STATUS).first()).containsText("Saved as v3");
        assertThat(page.locator("#document").inputValue()).doesNotContain("changed once");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("History").setExact(true)).click();
        assertThat(page.locator("table.versions tbody tr").first()).containsText("restored v1");
    }

    @Test
    void importAGoLandlockConfigAndAnOciConfig() throws Exception {
        signIn();
        String source = Files.readString(EXAMPLES.resolve("static-web-server.json"));
        var policy = PolicyReader.read(source).resolved();
        for (Target format : new Target[] {Target.GO_LANDLOCK, Target.OCI}) {
            String file = dev.landlockstudio.compiler.compile.Compiler.compile(policy, format, 6).output();
            page.navigate(url("/policies/new"));
            page.locator("#import-format").selectOption(format.id());
            page.locator("#import-file").fill(file);
            page.locator("#import-name").fill("imported-" + format.id());
            page.locator("#from-import button[type=submit]").click();
            assertThat(page).hasURL(Pattern.compile(".*/policies/imported-" + format.id() + "$"));
            assertThat(page.locator(".path-rule .rule-target").first()).containsText("/usr");
            assertThat(Json.parse(page.locator("#document").inputValue()).get("pathBeneath").toString()).contains("/var/log/nginx");
        }
        page.navigate(url("/policies/new"));
        page.locator("#import-format").selectOption("oci");
        page.locator("#import-file").fill("{\"process\": {\"landlock\": {\"handledAccess\": 5}}}");
        page.locator("#import-name").fill("broken");
        page.locator("#from-import button[type=submit]").click();
        assertThat(page.locator(".problems")).containsText("/process/landlock");
    }

    @Test
    void createATokenAndExportWithIt(TestInfo test) throws Exception {
        signIn();
        createFromExample("static-web-server", "exported");
        page.navigate(url("/tokens"));
        page.getByLabel("Name").fill("ci-test");
        assertThat(page.getByLabel("export: only the export call")).isChecked();
        page.locator("#token-days").fill("30");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create token")).click();
        String token = page.locator("#new-token").textContent().strip();
        assertThat(token).startsWith("lls_");
        page.locator("#copy-token").click();
        assertThat(page.evaluate("() => navigator.clipboard.readText()")).isEqualTo(token);
        Locator row = page.locator("table.list tbody tr", new Page.LocatorOptions().setHasText("ci-test"));
        assertThat(row.locator("td").nth(1)).hasText("export");
        assertThat(row.locator("td").nth(3).locator("time")).hasCount(1);

        String export = "/api/policies/exported/export?target=oci&abi=7";
        HttpResponse<String> exported = call(export, token);
        assertThat(exported.statusCode()).isEqualTo(200);
        assertThat(Json.parse(exported.body()).toString()).contains("/srv/www");
        assertThat(call("/api/policies", token).statusCode()).as("an export token only exports").isEqualTo(403);

        page.reload();
        assertThat(page.locator("#new-token")).hasCount(0);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Revoke ci-test")).click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Revoke the token ci-test?"))).isVisible();
        screenshot(test, "-confirm");
        assertThat(call(export, token).statusCode()).as("asking revokes nothing").isEqualTo(200);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Revoke the token")).click();
        assertThat(page.getByRole(AriaRole.STATUS).first()).containsText("Token revoked");
        assertThat(call(export, token).statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> call(String path, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void usableAt800Pixels() {
        page.setViewportSize(800, 900);
        signIn();
        createFromExample("python-service", "narrow");
        Number overflow = (Number) page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(overflow.intValue()).as("no horizontal scrolling").isLessThanOrEqualTo(0);
        assertThat(page.locator("#output")).isVisible();
    }
}
