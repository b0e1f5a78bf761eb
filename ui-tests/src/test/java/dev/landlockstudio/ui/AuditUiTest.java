package dev.landlockstudio.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Denials → fix: records pasted, grouped with their fixes, and one fix (or one quieting) saved as the next version. */
class AuditUiTest extends BrowserTest {

    private static final String RECORDS = String.join("\n",
            "type=SYSCALL msg=audit(1764824400.120:212): arch=c000003e syscall=83 success=no exit=-13 comm=\"nginx\"",
            "type=UNKNOWN[1423] msg=audit(1764824400.120:212): domain=1a6fb3c21 blockers=fs.make_dir path=\"/run\" dev=\"tmpfs\" ino=1",
            "type=UNKNOWN[1424] msg=audit(1764824400.120:212): domain=1a6fb3c21 status=allocated mode=enforcing pid=901 uid=0"
                    + " exe=\"/usr/sbin/nginx\" comm=\"nginx\"",
            "type=UNKNOWN[1423] msg=audit(1764824401.502:219): domain=1a6fb3c21 blockers=fs.make_dir path=\"/run\" dev=\"tmpfs\" ino=1",
            "type=UNKNOWN[1423] msg=audit(1764824402.018:220): domain=1a6fb3c21 blockers=net.bind_tcp saddr=0.0.0.0 src=8080");

    @Test
    void pastedRecordsGiveAFixThatLandsAsTheNextVersion(TestInfo test) {
        signIn();
        createFromExample("static-web-server", "audited");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Denials → fix")).click();
        assertThat(page).hasURL(Pattern.compile(".*/policies/audited/audit$"));

        page.getByLabel("Landlock's denial records").fill(RECORDS);
        page.locator("#read-records").click();
        assertThat(page.locator("#audit-summary")).containsText("2 groups, 2 denied by v1; 1 line ignored.");
        assertThat(page.locator(".audit-domain h3")).containsText("Domain 1a6fb3c21 made by /usr/sbin/nginx (nginx)");
        Locator makeDir = page.locator(".audit-group").first();
        assertThat(makeDir).containsText("make_dir");
        assertThat(makeDir).containsText("lines 2, 4");
        assertThat(makeDir).containsText("make_dir is handled and nothing grants it on /run");
        assertThat(page.locator("#audit-ignored")).containsText("not a Landlock record (type SYSCALL)");
        screenshot(test, "-read");

        makeDir.getByRole(AriaRole.BUTTON).click();
        assertThat(page.locator("#audit-saved")).hasText(Pattern.compile(
                "Saved v2:\\s+audit: grant make_dir on /pathBeneath/3 \\(/run\\)\\.\\s+History"));
        assertThat(page.locator("#read-records")).hasText("Read against v2");
        assertThat(page.locator(".audit-group").first()).containsText("allowed");
        assertThat(page.locator(".audit-group").nth(1).getByRole(AriaRole.BUTTON))
                .hasText("Apply: add a rule granting bind_tcp on port 8080");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("History")).click();
        assertThat(page.locator("body")).containsText("audit: grant make_dir on /pathBeneath/3 (/run)");
        assertThat(page.locator("body")).containsText("rule 4: + make_dir");
    }

    @Test
    void anExpectedDenialIsKeptAndQuietedAsTheNextVersion(TestInfo test) {
        signIn();
        // An example written for ABI 10, the first with quiet sets and rules.
        createFromExample("python-service", "quieted");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Denials → fix")).click();
        page.getByLabel("Landlock's denial records").fill(RECORDS);
        page.locator("#read-records").click();
        Locator makeDir = page.locator(".audit-group").first();
        assertThat(makeDir.locator("button.quiet")).hasText("Quiet: keep denying make_dir on /run without logging it");
        screenshot(test, "-read");

        makeDir.locator("button.quiet").click();
        assertThat(page.locator("#audit-saved")).hasText(Pattern.compile(
                "Saved v2:\\s+audit: keep denying make_dir on /run without logging it\\.\\s+History"));
        // Still denied under v2, so the group keeps its grant, and has nothing left to quiet.
        assertThat(page.locator(".audit-group").first()).containsText("make_dir is handled and nothing grants it on /run");
        assertThat(page.locator(".audit-group").first().locator("button.quiet")).hasCount(0);
    }
}
