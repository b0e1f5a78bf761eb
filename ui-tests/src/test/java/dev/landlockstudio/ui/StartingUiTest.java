package dev.landlockstudio.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.AriaRole;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.policy.PolicyReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;

/** Starting: the first-run tour, the example cards, and importing a file without saying its format. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StartingUiTest extends BrowserTest {

    private static final Path EXAMPLES = Path.of("..", "examples");

    /** First, while there is no policy yet: the tour starts by itself only then. */
    @Test
    @Order(1)
    void theTourShowsOnceAndNotAgainAfterItIsDismissed(TestInfo test) {
        signIn();
        page.navigate(url("/policies"));
        Locator tour = page.locator("#tour");
        assertThat(tour).isVisible();
        assertThat(tour).containsText("1 of 4");
        assertThat(page.locator("#new-policy")).hasClass(Pattern.compile("tour-target"));
        assertThat(page.locator(".tour-next")).isFocused();
        page.locator(".tour-next").click();
        assertThat(tour).containsText("2 of 4");
        assertThat(page.locator("#new-policy")).not().hasClass(Pattern.compile("tour-target"));
        page.locator(".tour-back").click();
        assertThat(tour).containsText("1 of 4");
        for (int step = 2; step <= 4; step++) {
            page.locator(".tour-next").click();
            assertThat(tour).containsText(step + " of 4");
        }
        assertThat(tour).containsText("Try it");
        screenshot(test, "-last-step");
        page.getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Page.GetByRoleOptions().setName("Done")).click();
        assertThat(tour).hasCount(0);
        assertThat(page.evaluate("localStorage.getItem('landlock-studio.tour.admin')")).isEqualTo("dismissed");

        page.reload();
        assertThat(page.locator("#tour-start")).isVisible();
        assertThat(page.locator("#tour")).hasCount(0);
        // Still there on demand; Escape dismisses it too.
        page.locator("#tour-start").click();
        assertThat(tour).containsText("1 of 4");
        page.keyboard().press("Escape");
        assertThat(tour).hasCount(0);
        page.reload();
        assertThat(page.locator("#tour")).hasCount(0);
    }

    @Test
    @Order(2)
    void anExampleCardSaysWhatItShowsAndCreatesThePolicy() {
        signIn();
        page.navigate(url("/policies/new"));
        Locator card = page.locator("#example-card-network-client");
        assertThat(card).containsText("A command-line HTTP client");
        assertThat(card.locator(".shows")).containsText("hard requirement");
        assertThat(card).containsText("ABI 4");
        assertThat(page.locator(".example-card")).hasCount(5);
        // Nothing on the page, not even the formats' long names, makes it wider than a narrow window.
        for (int width : new int[] {1280, 800}) {
            page.setViewportSize(width, 900);
            assertThat(page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
                    .as("no horizontal scrolling at %d px", width).isEqualTo(true);
        }
        card.getByRole(AriaRole.BUTTON).click();
        assertThat(page).hasURL(Pattern.compile(".*/policies/network-client$"));
        assertThat(Json.parse(page.locator("#document").inputValue()).get("name").stringValue()).isEqualTo("network-client");
    }

    @Test
    @Order(3)
    void anOciExportAtAbi7ImportsAsAbi7WithoutChoosingAFormat(TestInfo test) throws Exception {
        signIn();
        var policy = PolicyReader.read(Files.readString(EXAMPLES.resolve("static-web-server.json"))).resolved();
        String oci = Compiler.compile(policy, Target.OCI, 7).output();
        page.navigate(url("/policies/new"));
        assertThat(page.locator("#import-format")).hasValue("");
        page.locator("#import-file").fill(oci);
        assertThat(page.locator("#import-detected")).hasText("Read as oci, ABI 7.");
        page.locator("#import-name").fill("from-oci");
        screenshot(test, "-detected");
        page.locator("#from-import button[type=submit]").click();
        assertThat(page).hasURL(Pattern.compile(".*/policies/from-oci$"));
        assertThat(Json.parse(page.locator("#document").inputValue()).get("abi").intValue()).isEqualTo(7);
        assertThat(page.locator("ul.notes")).containsText("detected as oci");
    }

    @Test
    @Order(4)
    void aFileThatMatchesNoFormatSaysWhatWasTried() {
        signIn();
        page.navigate(url("/policies/new"));
        String file = "{\"sandbox\": {\"paths\": [\"/usr\"]}}";
        page.locator("#import-file").fill(file);
        assertThat(page.locator("#import-detected")).containsText("matches none of the formats tried");
        page.locator("#from-import button[type=submit]").click();
        Locator problems = page.locator(".problems");
        assertThat(problems).containsText("matches none of the formats tried");
        assertThat(problems).containsText("not oci: ");
        assertThat(problems).containsText("not go-landlock: ");
        assertThat(problems).containsText("not landlockconfig: ");
        assertThat(page.locator("#import-file")).hasValue(file);

        // A format chosen that the file is not in: the one it looks like is named.
        page.locator("#import-format").selectOption("go-landlock");
        page.locator("#import-file").fill("{\"process\": {\"landlock\": {\"handledAccess\": {\"handledAccessFS\": [\"read_file\"]}}}}");
        page.locator("#from-import button[type=submit]").click();
        assertThat(page.locator(".problems")).containsText("looks like oci");
        assertThat(page.locator("#import-format")).hasValue("go-landlock");
    }

    @Test
    @Order(5)
    void aPodLockProfileOfTwoBinariesIsReadOnceOneIsChosen() {
        signIn();
        page.navigate(url("/policies/new"));
        page.locator("#import-file").fill("""
                apiVersion: podlock.kubewarden.io/v1alpha1
                kind: LandlockProfile
                metadata:
                  name: web
                spec:
                  profilesByContainer:
                    nginx:
                      "/usr/sbin/nginx":
                        readOnly: [/etc/nginx]
                      "/usr/bin/curl":
                        readOnly: [/etc/ssl]
                """);
        assertThat(page.locator("#import-detected")).containsText("nginx/usr/sbin/nginx, nginx/usr/bin/curl");
        page.locator("#import-select").fill("nginx/usr/bin/curl");
        assertThat(page.locator("#import-detected")).hasText("Read as podlock, ABI 3.");
        page.locator("#import-name").fill("curl-from-podlock");
        page.locator("#from-import button[type=submit]").click();
        assertThat(page).hasURL(Pattern.compile(".*/policies/curl-from-podlock$"));
        var document = Json.parse(page.locator("#document").inputValue());
        assertThat(document.get("pathBeneath").get(0).get("paths").get(0).stringValue()).isEqualTo("/etc/ssl");
    }
}
