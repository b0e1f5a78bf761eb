package dev.landlockstudio.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.Page;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.json.Json;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import tools.jackson.databind.JsonNode;

/** Signing in, creating a policy with the form and editing it with the checkboxes, as a person does. */
class EditorUiTest extends BrowserTest {

    @Test
    void firstSignInWithTheGeneratedPassword() {
        page.navigate(url("/policies"));
        assertThat(page).hasURL(Pattern.compile(".*/login$"));
        page.getByLabel("User name").fill("admin");
        page.getByLabel("Password").fill("not the password");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("Wrong user name or password");
        signIn();
        assertThat(page).hasURL(Pattern.compile(".*/policies$"));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Policies"))).isVisible();
    }

    @Test
    void createAPolicyAndAddRulesWithTheCheckboxes() {
        signIn();
        page.getByText("New policy").click();
        page.locator("#scratch-name").fill("web-form");
        page.locator("#scratch-description").fill("made in the browser");
        page.locator("#from-scratch button[type=submit]").click();
        assertThat(page).hasURL(Pattern.compile(".*/policies/web-form$"));

        page.locator("#add-path-rule").click();
        Locator paths = page.locator(".path-rule textarea.paths").last();
        paths.fill("/srv/www, /etc/nginx");
        paths.press("Tab");
        page.locator(".path-rule").last().locator("input.group-shortcut[data-group=read]").check();
        page.locator("#add-port-rule").click();
        Locator ports = page.locator(".port-rule input.ports").last();
        ports.fill("443");
        ports.press("Tab");
        page.locator(".port-rule").last().locator("input[data-right=bind_tcp]").check();

        JsonNode document = Json.parse(page.locator("#document").inputValue());
        assertThat(document.get("pathBeneath").get(0).get("paths").toString()).isEqualTo("[\"/srv/www\",\"/etc/nginx\"]");
        assertThat(document.get("pathBeneath").get(0).get("allowedAccess").toString()).contains("read_file", "read_dir", "execute");
        assertThat(document.get("netPort").get(0).get("allowedAccess").toString()).isEqualTo("[\"bind_tcp\"]");
        assertThat(page.locator("#dirty")).isVisible();
        assertThat(page.locator("#output")).containsText("\"path\": \"/etc/nginx\"");
        assertThat(page.locator("#output")).containsText("\"port\": 443");

        page.locator("#note").fill("serve the site");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
        assertThat(page.getByRole(AriaRole.STATUS).first()).containsText("Saved as v2");
    }

    @Test
    void rightsAGroupGrantsAreTickedAndOneCanBeWithdrawn() {
        signIn();
        createFromExample("static-web-server", "groups");
        // The first rule allows abi.read_execute: its three rights show ticked, as granted by the group.
        Locator first = page.locator(".path-rule").first();
        assertThat(first.locator(".chip")).hasText("read_execute");
        first.locator(".rule-toggle").click();
        for (String right : new String[] {"read_file", "read_dir", "execute"}) {
            assertThat(first.locator("input[data-right=" + right + "]")).isChecked();
        }
        assertThat(first.locator(".via-group")).hasCount(3);
        assertThat(first.locator("input[data-right=write_file]")).not().isChecked();

        // By keyboard: the box keeps the focus while the editor redraws around it.
        first.locator("input[data-right=read_dir]").focus();
        page.keyboard().press("Space");
        assertThat(page.evaluate("() => document.activeElement.dataset.key")).isEqualTo("/pathBeneath/0/allowedAccess#read_dir");
        assertThat(page.locator(".path-rule").first().locator("input[data-right=read_dir]")).not().isChecked();
        JsonNode document = Json.parse(page.locator("#document").inputValue());
        assertThat(document.get("pathBeneath").get(0).get("allowedAccess").toString()).isEqualTo("[\"read_file\",\"execute\"]");
        assertThat(page.locator(".path-rule").first().locator(".via-group")).hasCount(0);

        // abi.all written out means every right of the ABI, as an omitted list does.
        String text = page.locator("#document").inputValue().replaceFirst("\"abi\": 7,", "\"abi\": 7, \"handledAccessFs\": [\"abi.all\"],");
        page.locator("#document").fill(text);
        assertThat(page.locator("select[data-pointer='/handledAccessFs']")).hasValue("all");

        // A new rule starts empty, with the keyboard in its paths; a lint about its rights outlines its row and is
        // said once, in the risks.
        page.locator("#add-path-rule").click();
        Locator added = page.locator(".path-rule").last();
        assertThat(added.locator("textarea.paths")).isFocused();
        assertThat(added.locator("textarea.paths")).hasValue("");
        page.keyboard().type("/srv/data");
        page.keyboard().press("Tab");
        added.locator("input[data-right=write_file]").check();
        assertThat(added).hasClass(Pattern.compile("\\blinted\\b"));
        assertThat(page.locator("#risks .risk[data-pointer-of='/pathBeneath/4/allowedAccess']")).containsText("grants write_file");
        assertThat(page.getByText(Pattern.compile("grants write_file"))).hasCount(1);
    }

    @Test
    void aValidationErrorShowsAtItsField() {
        signIn();
        createFromExample("static-web-server", "invalid-field");
        page.locator(".path-rule").first().locator(".rule-toggle").click();
        Locator paths = page.locator(".path-rule textarea.paths").first();
        paths.fill("relative/path");
        paths.press("Tab");
        assertThat(paths).hasAttribute("aria-invalid", "true");
        assertThat(page.locator(".path-rule").first().locator(".field-problem.problem")).containsText("/pathBeneath/0/paths/0");
        assertThat(page.locator("#problem-count")).hasText(Pattern.compile("^\\d+ problems?"));
    }

    @Test
    void switchTargetsAndAbis() {
        signIn();
        createFromExample("static-web-server", "targets");
        page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("go-landlock").setExact(true)).click();
        assertThat(page.locator("#output")).containsText("\"forbidden_access\"");
        page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("c").setExact(true)).click();
        assertThat(page.locator("#output")).containsText("landlock_create_ruleset");
        page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("native").setExact(true)).click();
        page.locator("#preview-abi").selectOption("3");
        assertThat(page.locator("#report")).containsText("at ABI 3");
        assertThat(page.locator("#curl")).containsText("export?target=native&abi=3");
    }

    @Test
    void theMatrixAndExplain() {
        signIn();
        createFromExample("static-web-server", "matrix-explain");
        // The matrix (a row per target) is shown at once and follows every change.
        assertThat(page.locator("table.matrix tbody tr")).hasCount(Target.values().length);
        assertThat(page.locator("table.matrix td.refused")).hasCount(0);
        page.locator("#policy-compatibility").selectOption("hard_requirement");
        assertThat(page.locator("table.matrix td.refused").first()).isVisible();
        assertThat(page.locator("table.matrix tbody tr").first().locator("td").first()).hasAttribute("title",
                Pattern.compile("native at ABI 1: refused"));
        page.locator("#explain-panel summary").click();
        page.locator("#explain-access").selectOption("write_file");
        page.locator("#explain-path").fill("/var/cachex/x");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Explain")).click();
        assertThat(page.locator("#explanation")).containsText("Decision: denied with EACCES");
        assertThat(page.locator("#decision")).hasText("Denied (EACCES)");
        // The fix explain offers is written into the document, and the same question is asked again.
        assertThat(page.locator("#explain-fix")).hasText("Fix: add a rule granting write_file on /var/cachex/x");
        page.locator("#explain-fix").click();
        assertThat(page.locator("#decision")).hasText("Allowed");
        assertThat(page.locator("#explain-fix")).isHidden();
        assertThat(page.locator("#document")).hasValue(Pattern.compile("\"/var/cachex/x\""));

        // A dry run's mismatch links here with the probe: explain asks at once.
        page.navigate(url("/policies/matrix-explain?explain=rename:/var/log/nginx/a:/run/a#explain-panel"));
        assertThat(page.locator("#explanation")).containsText("Decision: denied with EXDEV");
        assertThat(page.locator("#explain-to")).hasValue("/run/a");
    }

    @Test
    void invalidJsonFreezesTheFormAndPreviewAndDisablesSave(TestInfo test) {
        signIn();
        createFromExample("static-web-server", "broken-json");
        assertThat(page.locator("#output")).containsText("\"abi\": 7");
        String good = page.locator("#document").inputValue();
        // A comma lost after "abi": 7, so the next line cannot be read.
        String broken = good.replaceFirst("\"abi\": 7,", "\"abi\": 7");
        page.locator("#document").fill(broken);
        assertThat(page.locator("#save-button")).isDisabled();
        assertThat(page.locator("#json-error")).containsText("line 6, column 3");
        for (String frozen : new String[] {"#editor", "#preview", "#matrix-panel"}) {
            assertThat(page.locator(frozen)).hasClass(Pattern.compile("\\bfrozen\\b"));
        }
        assertThat(page.locator("#editor").evaluate("e => e.inert")).isEqualTo(true);
        screenshot(test, "-frozen");
        page.locator("#json-error button").click();
        assertThat(page.locator("#document")).isFocused();
        assertThat(page.evaluate("() => document.getElementById('document').selectionStart")).isEqualTo(broken.indexOf("\"compatibility\""));

        page.locator("#document").fill(good.replaceFirst("\"abi\": 7,", "\"abi\": 6,"));
        assertThat(page.locator("#save-button")).isEnabled();
        assertThat(page.locator("#json-error")).isHidden();
        assertThat(page.locator("#editor")).not().hasClass(Pattern.compile("\\bfrozen\\b"));
        assertThat(page.locator("#policy-abi")).hasValue("6");
    }

    @Test
    void loweringTheAbiOffersToDropWhatItLacks() {
        signIn();
        createFromExample("static-web-server", "lowered");
        page.locator("#policy-abi").selectOption("3");
        // ABI 3 has neither audit flags (ABI 7) nor network rules (ABI 4): the form says so and offers the fix.
        Locator notice = page.locator(".lacking-notice");
        assertThat(notice).containsText("ABI 3 does not have");
        assertThat(notice).containsText("log_new_exec_on (ABI 7)");
        assertThat(notice).containsText("bind_tcp (ABI 4)");
        assertThat(page.locator("input[data-flag=log_new_exec_on]")).isChecked();
        assertThat(page.locator("input[data-flag=log_new_exec_on]")).isEnabled();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Drop what ABI 3 does not have")).click();
        assertThat(notice).hasCount(0);
        JsonNode document = Json.parse(page.locator("#document").inputValue());
        assertThat(document.get("abi").intValue()).isEqualTo(3);
        assertThat(document.has("restrictSelf")).isFalse();
        assertThat(document.get("netPort").toString()).isEqualTo("[]");
        assertThat(document.get("pathBeneath")).hasSize(4);
        assertThat(page.locator("input[data-flag=log_new_exec_on]")).isDisabled();
        assertThat(page.locator(".port-rule")).hasCount(0);
    }

    @Test
    void loweringTheAbiBelowQuietDropsTheQuietSetsAndRules() {
        signIn();
        createFromExample("static-web-server", "quiet");
        page.locator("#document").fill("""
                {"name": "quiet", "abi": 10, "quietAccessFs": ["read_file"],
                 "pathBeneath": [{"paths": ["/srv"], "allowedAccess": ["read_file"]},
                                 {"paths": ["/proc"], "allowedAccess": [], "quiet": true}]}
                """);
        page.locator("#policy-abi").selectOption("9");
        // At ABI 9 the quiet sets and rules are problems the form alone can now fix.
        assertThat(page.locator("#problem-count")).containsText("2 problems");
        Locator notice = page.locator(".lacking-notice");
        assertThat(notice).containsText("quietAccessFs (ABI 10)");
        assertThat(notice).containsText("quiet rules (ABI 10)");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Drop what ABI 9 does not have")).click();
        assertThat(notice).hasCount(0);
        JsonNode document = Json.parse(page.locator("#document").inputValue());
        assertThat(document.has("quietAccessFs")).isFalse();
        assertThat(document.get("pathBeneath")).as("the quiet rule granted nothing else").hasSize(1);
        assertThat(page.locator("#problem-count")).not().containsText(Pattern.compile("\\d+ problem"));
    }

    @Test
    void aCheckboxChangesOnlyItsValueInAHandFormattedDocument() {
        signIn();
        createFromExample("static-web-server", "hand-formatted");
        // Written by hand: one rule a line, lists inline, a blank line.
        String before = """
                {
                  "name": "hand-formatted", "abi": 7, "compatibility": "best_effort",

                  "pathBeneath": [
                    { "paths": ["/usr", "/etc/nginx"], "allowedAccess": ["abi.read_execute"] },
                    { "paths": ["/etc/passwd", "/etc/group", "/etc/localtime"], "allowedAccess": ["read_file"] }
                  ]
                }
                """;
        page.locator("#document").fill(before);
        page.locator(".path-rule").nth(1).locator(".rule-toggle").click();
        page.locator(".path-rule").nth(1).locator("input[data-right=read_dir]").check();
        String expected = before.replace("\"/etc/localtime\"], \"allowedAccess\": [\"read_file\"] }",
                "\"/etc/localtime\"], \"allowedAccess\": [\"read_file\", \"read_dir\"] }");
        assertThat(expected).isNotEqualTo(before);
        assertThat(page.locator("#document")).hasValue(expected);
        page.locator("#policy-compatibility").selectOption("hard_requirement");
        assertThat(page.locator("#document")).hasValue(expected.replace("\"best_effort\"", "\"hard_requirement\""));
        page.locator(".path-rule").nth(1).locator("input[data-right=read_dir]").uncheck();
        assertThat(page.locator("#document")).hasValue(before.replace("\"best_effort\"", "\"hard_requirement\""));
    }

    @Test
    void aMatrixCellPicksThePreviewsTargetAndAbi() {
        signIn();
        createFromExample("static-web-server", "matrix-click");
        Object hostAbi = page.evaluate("() => JSON.parse(document.getElementById('editor').dataset.vocabulary).hostAbi");
        assertThat(page.locator("table.matrix thead th.host")).hasCount(hostAbi.equals(0) ? 0 : 1);
        page.locator("table.matrix button.cell[data-target=go-landlock][data-abi='3']").click();
        assertThat(page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("go-landlock").setExact(true)))
                .hasAttribute("aria-selected", "true");
        assertThat(page.locator("#preview-abi")).hasValue("3");
        assertThat(page.locator("#output")).containsText("\"forbidden_access\"");
        assertThat(page.locator("#curl")).containsText("export?target=go-landlock&abi=3");
        assertThat(page.locator("table.matrix button.cell[data-target=go-landlock][data-abi='3']")).hasAttribute("aria-pressed", "true");
        // Hover text says each lost right once.
        String title = page.locator("table.matrix tbody tr").first().locator("td").first().getAttribute("title");
        String[] lost = title.replaceFirst("^[^;]*(; not restricted: )?", "").split(", ");
        assertThat(lost).doesNotHaveDuplicates();
    }

    @Test
    void explainAskedByAnotherPanelHighlightsTheDecidingRules() {
        signIn();
        createFromExample("static-web-server", "deciding");
        // The explain API names the rules that decided (decidedBy).
        page.evaluate("() => import('/js/editor/explain.js').then((m) => m.ask({ access: 'write_file', path: '/var/log/nginx/access.log' }))");
        assertThat(page.locator("#explain-panel")).hasAttribute("open", "");
        assertThat(page.locator("#decision")).hasText("Allowed");
        assertThat(page.locator("#explain-path")).hasValue("/var/log/nginx/access.log");
        assertThat(page.locator(".path-rule").nth(2)).hasClass(Pattern.compile("\\bdeciding\\b"));
        assertThat(page.locator(".deciding")).hasCount(1);
    }

    @Test
    void usableAt800PixelsWithoutHorizontalOverflow() {
        page.setViewportSize(800, 900);
        signIn();
        createFromExample("static-web-server", "narrow-editor");
        page.locator(".path-rule").nth(2).locator(".rule-toggle").click();
        page.locator("#explain-panel summary").click();
        page.locator("#explain-access").selectOption("rename");
        page.locator("#explain-path").fill("/var/log/nginx/a-rather-long-file-name-that-goes-on-and-on.log");
        page.locator("#explain-to").fill("/var/cache/nginx/another-rather-long-file-name-that-goes-on.log");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Explain")).click();
        assertThat(page.locator("#decision")).isVisible();
        assertThat(page.locator("#curl")).containsText("export?target=native");
        Object fits = page.evaluate("() => document.scrollingElement.scrollWidth <= window.innerWidth");
        assertThat(fits).as("no horizontal scrolling at 800 px").isEqualTo(true);
        Object curlFits = page.evaluate("() => { const c = document.getElementById('curl'); return c.scrollWidth <= c.clientWidth; }");
        assertThat(curlFits).as("the curl line wraps").isEqualTo(true);
    }

    @Test
    void aStaleSaveIsRefusedWithTheTextKeptAndADiff() {
        signIn();
        createFromExample("ci-build-tool", "stale");
        // Someone else saves v2 meanwhile, over the API.
        String token = server.bean(dev.landlockstudio.web.token.ApiTokenStore.class).create("admin", "other writer").secret();
        String v1 = page.locator("#document").inputValue();
        java.net.http.HttpResponse<String> saved = server.send(server.request("/api/policies/stale")
                .header("Authorization", "Bearer " + token).header("If-Match", "\"v1\"").header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(v1.replaceFirst("\"abi\": \\d+", "\"abi\": 6"))));
        assertThat(saved.statusCode()).isEqualTo(200);

        String mine = v1.replaceFirst("\"description\": \"[^\"]*\"", "\"description\": \"my change\"");
        page.locator("#document").fill(mine);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
        assertThat(page.getByRole(AriaRole.ALERT).first()).containsText("based on v1");
        assertThat(page.locator("#document")).hasValue(mine);
        String diff = page.getByText("See what changed in v1 → v2").getAttribute("href");
        Page history = context.newPage();
        history.navigate(url(diff));
        assertThat(history.locator("table.diff tr.changed td:last-child")).containsText("\"abi\": 6");
        history.close();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save on top of v2")).click();
        assertThat(page.getByRole(AriaRole.STATUS).first()).containsText("Saved as v3");
        assertThat(page.locator("#document").inputValue()).contains("my change");
    }

    @Test
    void aNameWithHtmlIsRefusedAndShownAsText() {
        signIn();
        page.navigate(url("/policies/new"));
        // The browser's own check would stop it first; the server must refuse it too.
        page.evaluate("() => document.getElementById('scratch-name').removeAttribute('pattern')");
        page.locator("#scratch-name").fill("<img src=x onerror=\"window.pwned=3\">");
        page.locator("#from-scratch button[type=submit]").click();
        assertThat(page.locator(".problems")).containsText("<img src=x onerror=");
        assertThat(page.locator(".problems img")).hasCount(0);
        assertThat(page.locator("#scratch-name")).hasValue("<img src=x onerror=\"window.pwned=3\">");
        assertThat(page.evaluate("() => window.pwned === undefined")).isEqualTo(true);
    }

    @Test
    void htmlAndScriptInADescriptionRenderInert() {
        signIn();
        String payload = "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\"><b>bold</b>";
        page.navigate(url("/policies/new"));
        page.locator("#scratch-name").fill("payloads");
        page.locator("#scratch-description").fill(payload);
        page.locator("#from-scratch button[type=submit]").click();
        page.navigate(url("/policies"));
        assertThat(page.locator("table.list")).containsText(payload);
        assertThat(page.locator("table.list b")).hasCount(0);
        page.navigate(url("/policies/payloads"));
        assertThat(page.locator("#document").inputValue()).contains("<script>window.pwned=1</script>");
        assertThat(page.evaluate("() => window.pwned === undefined")).isEqualTo(true);
    }
}
