package dev.landlockstudio.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.web.testing.ApiClient;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A share link made in the history, opened by someone who is not signed in, then revoked; the history's summary. */
class ShareUiTest extends BrowserTest {

    @Test
    void aShareLinkOpensSignedOutUntilItIsRevoked(TestInfo test) {
        signIn();
        createFromExample("static-web-server", "shared-ui");
        ApiClient api = ApiClient.forAdmin(server, "share-ui");
        String v1 = api.get("/api/policies/shared-ui").body();
        ObjectNode v2 = (ObjectNode) Json.parse(v1);
        ((ArrayNode) v2.get("pathBeneath").get(2).get("allowedAccess")).add("refer");
        assertThat(api.put("/api/policies/shared-ui", Json.write(v2), "If-Match", "\"v1\"").statusCode()).isEqualTo(200);

        page.navigate(url("/policies/shared-ui/history"));
        assertThat(page.locator("table.versions tbody tr").first().locator("td.changes")).hasText("rule 3: + refer");
        assertThat(page.locator("table.diff tr.added td:last-child")).containsText("\"refer\"");
        assertThat(page.locator("tr.fold summary").first()).containsText("unchanged lines");
        page.locator("tr.fold summary").first().click();
        assertThat(page.locator("tr.fold details").first()).hasAttribute("open", "");
        screenshot(test, "-history");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Share v1")).click();
        assertThat(page).hasURL(Pattern.compile(".*/policies/shared-ui/shares$"));
        String link = page.locator("#new-link").inputValue();
        assertThat(link).matches(Pattern.quote(url("/share/")) + "[A-Za-z0-9_-]{43}");
        screenshot(test, "-made");

        BrowserContext signedOut = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        try {
            Page shared = signedOut.newPage();
            shared.navigate(link);
            assertThat(shared.locator("h1")).containsText("shared-ui");
            assertThat(shared.locator("h1")).containsText("v1");
            assertThat(shared.locator("pre.document-text")).containsText("\"name\": \"shared-ui\"");
            assertThat(shared.locator("pre.document-text")).not().containsText("refer");
            assertThat(shared.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Download policy JSON"))).isVisible();
            assertThat(shared.locator("a[href^='/policies'], a[href^='/host'], a[href^='/tokens'], a[href^='/login']")).hasCount(0);
            assertThat(shared.locator("#picture .picture-node[data-path='/srv/www'] .chip.granted[data-right='read_file']").first())
                    .isVisible();
            // Nothing to explain on a shared page: no chip or node is a button.
            assertThat(shared.locator("#picture button")).hasCount(0);
            shared.getByLabel("Target").selectOption("oci");
            shared.getByLabel("for ABI").selectOption("4");
            shared.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show")).click();
            assertThat(shared.locator("#output")).containsText("landlock");
            assertThat(shared.locator("#report .summary")).containsText("at ABI 4");
            assertThat(shared.getByLabel("Target")).hasValue("oci");
            screenshot(test, "-shared", shared);

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(Pattern.compile("Revoke the link to v1.*"))).click();
            assertThat(page.getByRole(AriaRole.STATUS).first()).containsText("revoked");
            assertThat(page.locator("table.shares tbody tr").first()).containsText("revoked");

            Response refused = shared.navigate(link);
            assertThat(refused.status()).isEqualTo(404);
            assertThat(shared.locator("main")).containsText("unknown or has been revoked");
            screenshot(test, "-refused", shared);
        } finally {
            signedOut.close();
        }
    }
}
