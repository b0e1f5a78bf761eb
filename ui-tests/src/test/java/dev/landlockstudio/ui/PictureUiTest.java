package dev.landlockstudio.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import dev.landlockstudio.compiler.json.Json;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import tools.jackson.databind.JsonNode;

/** The picture beside the rules, explained by a click, and a risk fixed with its button. */
class PictureUiTest extends BrowserTest {

    private static final Pattern DECIDING = Pattern.compile("\\bdeciding\\b");

    /** The chips of one node of the picture (not those of its children). */
    private Locator node(String path) {
        return page.locator("#picture .picture-node[data-path='" + path + "'] > .node");
    }

    @Test
    void thePictureFollowsANewRuleAndAClickExplainsItWithTheDecidingRule(TestInfo test) {
        signIn();
        createFromExample("static-web-server", "picture");
        assertThat(page.locator("#picture .picture-legend")).containsText("granted here");
        assertThat(node("/usr").locator(".chip[data-right=read_file]")).hasAttribute("data-state", "granted");

        page.locator("#add-path-rule").click();
        page.keyboard().type("/usr/local/cache");
        page.keyboard().press("Tab");
        Locator added = page.locator(".path-rule").last();
        added.locator("input[data-right=write_file]").check();

        assertThat(node("/usr/local/cache").locator(".chip[data-right=write_file]")).hasAttribute("data-state", "granted");
        assertThat(node("/usr/local/cache").locator(".chip[data-right=read_file]")).hasAttribute("data-state", "inherited");
        assertThat(node("/usr/local/cache").locator(".chip[data-right=read_file]")).hasAttribute("title",
                Pattern.compile("inherited from the rule on /usr \\(/pathBeneath/0\\)"));
        assertThat(node("/usr/local").locator(".chip[data-right=write_file]")).hasAttribute("data-state", "denied");
        assertThat(node("/").locator(".chip[data-right=read_file]")).hasAttribute("data-state", "denied");
        assertThat(page.locator("#picture .picture-network")).containsText("port 443");

        node("/usr/local").locator(".chip[data-right=read_file]").click();
        assertThat(page.locator("#decision")).hasText("Allowed");
        assertThat(page.locator("#explain-path")).hasValue("/usr/local");
        assertThat(page.locator(".path-rule").first()).hasClass(DECIDING);
        assertThat(added).not().hasClass(DECIDING);
        screenshot(test, "-explained");

        node("/usr/local/cache").locator(".chip[data-right=write_file]").click();
        assertThat(page.locator("#decision")).hasText("Allowed");
        assertThat(added).hasClass(DECIDING);
        assertThat(page.locator(".path-rule").first()).not().hasClass(DECIDING);

        // What is denied at a node is folded into one chip that opens to them.
        assertThat(node("/usr/local").locator("summary.chip.denied")).containsText("denied");
        node("/usr/local").locator("summary.chip.denied").click();
        node("/usr/local").locator(".chip[data-right=write_file]").click();
        assertThat(page.locator("#decision")).containsText("Denied");
        assertThat(page.locator(".path-rule.deciding")).hasCount(0);

        // The picture is drawn at the preview's ABI: ABI 3 has no network rights.
        page.locator("#preview-abi").selectOption("3");
        assertThat(page.locator("#picture .picture-summary")).containsText("at ABI 3");
        assertThat(page.locator("#picture .picture-network")).hasCount(0);
        assertThat(page.locator("#picture .picture-everywhere")).containsText("bind_tcp");
    }

    /** An except path written beside the rule's paths: the picture shows it denied and says why (this host's view). */
    @Test
    void anExceptPathIsDrawnDeniedWithWhy() {
        signIn();
        createFromExample("static-web-server", "except");
        page.locator(".path-rule").first().locator(".rule-toggle").click();
        Locator except = page.locator(".path-rule").first().locator("textarea.except-paths");
        except.fill("/usr/share");
        except.blur();

        assertThat(node("/usr/share").locator(".excepted")).containsText("excepted from rule #1 (/pathBeneath/0/except/0)");
        assertThat(node("/usr/share").locator(".chip[data-state=granted], .chip[data-state=inherited]")).hasCount(0);
        assertThat(page.locator(".path-rule").first().locator(".rule-target"))
                .containsText("except /usr/share");
        assertThat(Json.parse(page.locator("#document").inputValue()).at("/pathBeneath/0/except/0").stringValue())
                .isEqualTo("/usr/share");
        // Compiles are for other machines: the preview says the except needs a view instead of showing the last output.
        assertThat(page.locator("#report")).containsText("/pathBeneath/0/except/0");
        assertThat(page.locator("#report")).containsText("give a filesystem view");
        assertThat(page.locator("#output")).hasText("(no output: see the report)");
    }

    @Test
    void aRiskIsFixedWithItsButton(TestInfo test) {
        signIn();
        createFromExample("static-web-server", "risky");
        // The example's rule on /run, moved to /etc: writing and creating there is a broad grant.
        String text = page.locator("#document").inputValue().replace("\"/run\"", "\"/etc\"");
        page.locator("#document").fill(text);

        Locator risk = page.locator("#risks .risk[data-code=broad-grant]");
        assertThat(risk).hasCount(1);
        assertThat(risk.locator(".severity")).hasText("warning");
        assertThat(risk.locator(".pointer-link")).hasText("/pathBeneath/3/paths/0");
        assertThat(risk).containsText("granted on /etc");
        assertThat(page.locator(".path-rule").nth(3)).hasClass(Pattern.compile("\\blinted\\b"));
        risk.locator(".pointer-link").click();
        assertThat(page.locator(".path-rule").nth(3).locator(".rule-toggle")).isFocused();
        screenshot(test, "-before-fix");

        risk.locator("button.fix").click();
        assertThat(page.locator("#risks .risk[data-code=broad-grant]")).hasCount(0);
        JsonNode document = Json.parse(page.locator("#document").inputValue());
        assertThat(document.at("/pathBeneath/3/paths").toString()).isEqualTo("[\"/etc\"]");
        assertThat(document.at("/pathBeneath/3/allowedAccess").toString()).isEqualTo("[\"read_dir\",\"truncate\"]");
        assertThat(page.locator("#dirty")).isVisible();
        assertThat(node("/etc").locator(".chip[data-right=write_file]")).hasAttribute("data-state", "denied");
    }
}
