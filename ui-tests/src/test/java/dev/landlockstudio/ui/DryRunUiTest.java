package dev.landlockstudio.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.landlockstudio.enforcer.EnforcerTestSupport;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The dry-run pages, live on this kernel: progress while a run streams, probes grouped by rule, runs coloured by outcome. */
class DryRunUiTest extends BrowserTest {

    /** The page's editor, explaining the probe (its spec encoded or not, as the query allows). */
    private static final Pattern EXPLAIN_DEV_NULL = Pattern.compile("/policies/mismatch\\?explain=read_file(:|%3A)(/|%2F)dev(/|%2F)null#explain-panel$");
    private static final LocatorAssertions.HasTextOptions A_MINUTE = new LocatorAssertions.HasTextOptions().setTimeout(60_000);

    @Test
    void progressCountsUpToEveryProbeAndTheProbesAreGroupedByRule(TestInfo test) {
        EnforcerTestSupport.requireLandlock();
        signIn();
        createFromExample("static-web-server", "progress");
        page.navigate(url("/policies/progress/try"));
        long planned = page.locator("#generated").textContent().lines().count();
        start("scratch");

        // Midway: some probes tried, not all, and the bar says so.
        page.waitForFunction("() => { const m = /^(\\d+) of (\\d+) probes tried$/.exec(document.getElementById('progress-text')"
                + ".textContent); return m !== null && +m[1] > 0 && +m[1] < +m[2]"
                + " && document.querySelector('#run-status strong').textContent === 'running'; }", null,
                new Page.WaitForFunctionOptions().setTimeout(60_000));
        assertThat(page.locator("#progress-text")).hasText(Pattern.compile("\\d+ of " + planned + " probes tried"));
        assertThat(page.locator("#progress-bar")).hasJSProperty("max", (int) planned);
        screenshot(test, "-running");

        assertThat(page.locator("#run-status strong")).hasText("passed", A_MINUTE);
        assertThat(page.locator("#progress-text")).hasText(planned + " of " + planned + " probes tried");
        assertThat(page.locator("#progress-bar")).hasJSProperty("value", (int) planned);
        assertThat(page.locator(".passed-means")).containsText("the kernel agreed with the evaluator's prediction for every probe");

        // One group per rule (its paths, its pointer), then what no rule covers; cells short, the whole line their title.
        Locator groups = page.locator(".probe-group:visible");
        assertThat(groups.locator(".group-title")).hasText(new String[] {"/usr, /etc/nginx, /etc/ssl, /srv/www",
                "/etc/passwd, /etc/group, /etc/localtime", "/var/log/nginx, /var/cache/nginx", "/run", "port 80, 443",
                "Paths no rule covers", "Ports no rule lists", "Scopes"});
        Locator firstRule = page.locator(".probe-group[data-group='/pathBeneath/0']");
        assertThat(firstRule.locator("h2 small")).containsText("/pathBeneath/0 allows ");
        Locator read = firstRule.locator(".probe", new Locator.LocatorOptions().setHasText("read_file /usr/probe"));
        assertThat(read).hasAttribute("title", "read_file /usr/probe: expected allowed, kernel allowed");
        assertThat(read.locator(".verdict.allowed")).hasCount(2);
        Locator denied = page.locator(".probe-group[data-group=outside] .probe", new Page.LocatorOptions()
                .setHasText("read_file /landlock-studio-outside/probe"));
        assertThat(denied.locator(".verdict.denied")).hasText(new String[] {"EACCES", "EACCES"});
        assertThat(page.locator(".probe")).hasCount(Math.toIntExact(planned));
        int streamed = Integer.parseInt(page.locator("#run-status").getAttribute("data-streamed"));
        assertThat(streamed).isEqualTo(planned);
        screenshot(test, "-groups");

        // As served once finished: the same groups and cells, and the same count.
        page.reload();
        assertThat(page.locator(".probe-group:visible .group-title")).hasCount(8);
        assertThat(page.locator(".probe")).hasCount(Math.toIntExact(planned));
        assertThat(page.locator("#progress-text")).hasText(planned + " of " + planned + " probes tried");
    }

    @Test
    void pastRunsAreColouredByOutcomeAndAFailureSaysWhatToDo(TestInfo test) {
        EnforcerTestSupport.requireLandlock();
        signIn();
        createFromExample("static-web-server", "outcomes");
        page.navigate(url("/policies/outcomes/try"));
        start("scratch");
        // Runs go one at a time: the first is still running when the list is looked at.
        page.navigate(url("/policies/outcomes/try"));
        Locator first = page.locator("#past-runs tbody tr").first();
        assertThat(first).hasClass(Pattern.compile("\\brun-running\\b"));
        assertThat(first.locator(".outcome")).hasText("running");

        // Real paths: /etc/nginx is not on this host, so the ruleset cannot be placed; the run says what to do.
        page.navigate(url("/policies/outcomes/try"));
        start("host");
        assertThat(page.locator("#run-status strong")).hasText("failed", new LocatorAssertions.HasTextOptions().setTimeout(120_000));
        assertThat(page.locator("#run-status")).hasClass(Pattern.compile("\\berror\\b"));
        assertThat(page.locator("#run-message")).containsText("does not exist here: give its rule \"ifMissing\": \"skip\"");
        screenshot(test, "-failed");

        // A probe on a device: never opened on real paths, so not tried, and never a match.
        createFromExample("network-client", "mismatch");
        page.navigate(url("/policies/mismatch/try"));
        page.locator("#probes").fill("read_file:/etc/hosts\nread_file:/dev/null");
        start("host");
        assertThat(page.locator("#run-status strong")).hasText("mismatched", A_MINUTE);
        assertThat(page.locator(".probe.mismatch")).hasCount(1);
        assertThat(page.locator(".probe.mismatch .verdict").nth(1)).hasClass(Pattern.compile("\\bother\\b"));
        assertThat(page.locator(".probe.mismatch a.explain")).hasAttribute("href", EXPLAIN_DEV_NULL);
        page.reload();
        // As served once finished, too.
        assertThat(page.locator(".probe.mismatch a.explain"))
                .hasAttribute("href", EXPLAIN_DEV_NULL);

        page.navigate(url("/policies/mismatch/try"));
        assertOutcome(page.locator("#past-runs tbody tr").first(), "mismatched", "mismatched");
        page.navigate(url("/policies/outcomes/try"));
        assertThat(page.locator("#past-runs tbody tr .outcome")).hasText(new String[] {"failed", "passed"}, A_MINUTE);
        Locator runs = page.locator("#past-runs tbody tr");
        assertOutcome(runs.nth(0), "error", "failed");
        assertOutcome(runs.nth(1), "passed", "passed");
        screenshot(test, "-past-runs");
        String passed = background(runs.nth(1));
        String failed = background(runs.nth(0));
        page.navigate(url("/policies/mismatch/try"));
        String mismatched = background(page.locator("#past-runs tbody tr").first());
        assertThat(java.util.Set.of(passed, failed, mismatched)).as("each outcome its own colour").hasSize(3);
    }

    @Test
    void whatStopsARunIsSaidOnTheFormWithWhatToDo() {
        signIn();
        createFromExample("network-client", "refusals");
        page.navigate(url("/policies/refusals/try"));
        assertThat(page.locator("#commands-off")).containsText("--landlock-studio.commands-enabled=true");
        assertThat(page.locator("input[name=mode][value=command]")).isDisabled();
        page.locator("input[name=mode][value=overlay]").check();
        page.locator("#lower-dir").fill("/no/such/rootfs");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start the dry run")).click();
        assertThat(page.locator("#try-problems")).containsText("The dry run did not start.");
        assertThat(page.locator("#try-problems li strong")).hasText("Lower directory:");
        assertThat(page.locator("#lower-dir")).hasValue("/no/such/rootfs");
    }

    private void start(String mode) {
        page.locator("input[name=mode][value=" + mode + "]").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start the dry run")).click();
        assertThat(page).hasURL(Pattern.compile(".*/dry-runs/\\d+$"));
    }

    private static void assertOutcome(Locator run, String outcome, String status) {
        assertThat(run).hasClass(Pattern.compile("\\brun-" + outcome + "\\b"));
        assertThat(run.locator(".outcome")).hasText(status);
    }

    private static String background(Locator run) {
        return (String) run.locator(".outcome").evaluate("e => getComputedStyle(e).backgroundColor");
    }
}
