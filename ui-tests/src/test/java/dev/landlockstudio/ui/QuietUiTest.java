package dev.landlockstudio.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.web.token.ApiTokenStore;
import java.net.http.HttpResponse;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import tools.jackson.databind.JsonNode;

/** Quiet logging in the editor's form: rules marked quiet and quiet sets picked from the handled rights (ABI 10). */
class QuietUiTest extends BrowserTest {

    @Test
    void aQuietRuleAndAQuietRightAreSavedAndHiddenBelowTheQuietAbi(TestInfo test) {
        signIn();
        // Written for ABI 10, handling every right of it.
        createFromExample("python-service", "quiet-form");
        assertThat(page.locator(".path-rule input.quiet")).hasCount(4);
        assertThat(page.locator(".port-rule input.quiet")).hasCount(4);

        // By keyboard, from the rule's toggle: the mark says what it means on hover.
        Locator third = page.locator(".path-rule").nth(2);
        Locator quiet = page.getByLabel("quiet path rule 3", new Page.GetByLabelOptions().setExact(true));
        Object meaning = page.evaluate("() => JSON.parse(document.getElementById('editor').dataset.vocabulary).quiet.meanings.pathBeneath");
        assertThat(quiet).hasAttribute("title", (String) meaning);
        assertThat((String) meaning).contains("not logged");
        third.locator(".rule-toggle").focus();
        page.keyboard().press("Tab");
        assertThat(quiet).isFocused();
        page.keyboard().press("Space");
        assertThat(page.getByLabel("quiet path rule 3", new Page.GetByLabelOptions().setExact(true))).isChecked();
        assertThat(page.getByLabel("quiet path rule 3", new Page.GetByLabelOptions().setExact(true))).isFocused();

        // The quiet set offers the handled rights only: with signal no longer scoped, only the other scope is offered.
        Locator quietScopes = page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("Quiet scopes"));
        assertThat(quietScopes.locator("input[type=checkbox]")).hasCount(2);
        page.locator("select[data-pointer='/scoped']").selectOption("custom");
        page.locator("[data-pointer='/scoped'] input[data-right=signal]").uncheck();
        assertThat(quietScopes.locator("input[type=checkbox]")).hasCount(1);
        assertThat(quietScopes.locator("input[data-right=abstract_unix_socket]")).hasCount(1);
        page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("Quiet fs")).locator("input[data-right=make_dir]").check();

        // A rule granting nothing is a problem until it is quiet.
        page.locator("#add-path-rule").click();
        page.keyboard().type("/proc");
        page.keyboard().press("Tab");
        assertThat(page.locator("#problem-count")).containsText("1 problem");
        page.getByLabel("quiet path rule 5", new Page.GetByLabelOptions().setExact(true)).check();
        assertThat(page.locator("#problem-count")).not().containsText(Pattern.compile("\\d+ problem"));

        // The JSON follows the form, and the form the JSON.
        JsonNode typed = Json.parse(page.locator("#document").inputValue());
        assertThat(typed.get("pathBeneath").get(2).get("quiet").booleanValue()).isTrue();
        assertThat(typed.get("quietAccessFs").toString()).isEqualTo("[\"make_dir\"]");
        String text = page.locator("#document").inputValue();
        String quietPort = text.replaceFirst("\"ports\": \\[\\s*53\\s*\\],", "\"ports\": [53], \"quiet\": true,");
        assertThat(quietPort).isNotEqualTo(text);
        page.locator("#document").fill(quietPort);
        assertThat(page.getByLabel("quiet port rule 4", new Page.GetByLabelOptions().setExact(true))).isChecked();
        assertThat(page.getByLabel("quiet port rule 1", new Page.GetByLabelOptions().setExact(true))).not().isChecked();
        screenshot(test, "-marked");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
        assertThat(page.getByRole(AriaRole.STATUS).first()).containsText("Saved as v2");
        JsonNode saved = savedDocument("quiet-form");
        assertThat(saved.get("pathBeneath").get(2).get("quiet").booleanValue()).isTrue();
        assertThat(saved.get("pathBeneath").get(1).has("quiet")).isFalse();
        assertThat(saved.get("pathBeneath").get(4).toString()).isEqualTo("{\"paths\":[\"/proc\"],\"allowedAccess\":[],\"quiet\":true}");
        assertThat(saved.get("netPort").get(3).get("quiet").booleanValue()).isTrue();
        assertThat(saved.get("quietAccessFs").toString()).isEqualTo("[\"make_dir\"]");

        // Below the quiet ABI the controls are gone; what the document still says is offered to be dropped.
        page.locator("#policy-abi").selectOption("7");
        assertThat(page.locator("input.quiet")).hasCount(0);
        assertThat(page.locator(".quiet-set")).hasCount(0);
        assertThat(page.locator(".lacking-notice")).containsText("quietAccessFs (ABI 10)");
        assertThat(page.locator(".lacking-notice")).containsText("quiet rules (ABI 10)");
    }

    @Test
    void aPolicyForAbi7HasNoQuietControls() {
        signIn();
        createFromExample("static-web-server", "no-quiet");
        assertThat(page.locator("#policy-abi")).hasValue("7");
        assertThat(page.locator(".path-rule")).not().hasCount(0);
        assertThat(page.locator("input.quiet")).hasCount(0);
        assertThat(page.locator(".quiet-set")).hasCount(0);
    }

    private JsonNode savedDocument(String name) {
        String token = server.bean(ApiTokenStore.class).create("admin", "quiet reader").secret();
        HttpResponse<String> response = server.send(server.request("/api/policies/" + name)
                .header("Authorization", "Bearer " + token).GET());
        assertThat(response.statusCode()).isEqualTo(200);
        return Json.parse(response.body());
    }
}
