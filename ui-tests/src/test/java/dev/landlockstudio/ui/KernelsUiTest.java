package dev.landlockstudio.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.landlockstudio.enforcer.kernels.CachedStockKernels;
import dev.landlockstudio.enforcer.kernels.StockKernel;
import dev.landlockstudio.enforcer.sandbox.FileTrees;
import dev.landlockstudio.web.testing.ApiClient;
import dev.landlockstudio.web.testing.StudioServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Verify on kernels, from the editor's matrix, on a server whose kernel cache holds the stock kernels of ABI 2 and 11
 * only (links to the machine's cache): their columns turn checked as each kernel answers; the others stay predicted
 * only, and say why.
 */
class KernelsUiTest extends BrowserTest {

    private static final List<Integer> ABIS = List.of(2, 11);
    private static final LocatorAssertions.HasCountOptions TWO_MINUTES = new LocatorAssertions.HasCountOptions().setTimeout(120_000);

    static Path kernelData;
    static Path kernels;
    static StudioServer kernelServer;

    @BeforeAll
    static void startAServerWithTwoKernels() throws Exception {
        CachedStockKernels.require(StockKernel.ofAbis(ABIS));
        kernels = Files.createTempDirectory("landlock-studio-ui-kernels");
        for (int abi : ABIS) {
            Files.createSymbolicLink(kernels.resolve("abi-" + abi), CachedStockKernels.CACHE.resolve("abi-" + abi));
        }
        kernelData = Files.createTempDirectory("landlock-studio-ui-kernel-data");
        kernelServer = StudioServer.start(kernelData, "--landlock-studio.kernel-cache=" + kernels);
        ApiClient.forAdmin(kernelServer, "tests").post("/api/policies",
                Files.readString(Path.of("..", "examples", "static-web-server.json")));
    }

    @AfterAll
    static void stopIt() throws Exception {
        if (kernelServer != null) {
            kernelServer.close();
        }
        for (Path p : new Path[] {kernelData, kernels}) {
            if (p != null) {
                FileTrees.delete(p);
            }
        }
    }

    @Test
    void theColumnsOfTheCachedKernelsTurnCheckedAsEachAnswers(TestInfo test) {
        signIn(kernelServer);
        page.navigate(kernelServer.url("/policies/static-web-server"));
        Locator matrix = page.locator("#matrix table.matrix");
        matrix.locator("tbody tr").first().waitFor();
        int targets = matrix.locator("tbody tr").count();
        Locator button = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Verify on kernels"));
        assertThat(button).isEnabled();
        // Before: every column predicted only, each saying why.
        assertThat(matrix.locator("th[data-abi='3']")).hasAttribute("title", Pattern.compile("; predicted only: Debian carries no stock kernel of ABI 3$"));
        assertThat(matrix.locator("th[data-abi='6']")).hasAttribute("title", Pattern.compile("; predicted only: the stock kernel of ABI 6 is not cached on this server$"));
        assertThat(matrix.locator("th[data-abi='2']")).hasAttribute("title", Pattern.compile("; predicted only until verified on kernel 6\\.1\\."));

        button.click();
        assertThat(page.locator("#verify-status")).containsText("v1: booting the kernels of ABI 2, 11");
        String run = page.locator("#verify-status a").getAttribute("href");

        // The run's page, opened while the kernels boot: a section per kernel as its VM answers, rows streamed into it.
        Page runPage = context.newPage();
        runPage.navigate(kernelServer.url(run));
        assertThat(runPage.locator("#run-status strong")).hasText("passed", new LocatorAssertions.HasTextOptions().setTimeout(120_000));
        assertThat(runPage.locator(".kernel-run .kernel-heading")).hasText(new Pattern[] {
            Pattern.compile("^kernel 6\\.1\\.\\S+ \\(listed as ABI 2\\), reports ABI 2 \\("),
            Pattern.compile("^kernel 7\\.3\\.\\S+ \\(listed as ABI 11\\), reports ABI 11 \\(")});
        assertThat(runPage.locator(".kernel-run.passed")).hasCount(2);
        int probes = runPage.locator(".kernel-run .probe").count();
        assertThat(runPage.locator("#run-status")).hasAttribute("data-streamed", String.valueOf(probes));
        assertThat(runPage.locator("#progress-text")).hasText(probes + " of " + probes + " probes tried");
        screenshot(test, "-run", runPage);

        for (int abi : ABIS) {
            Locator checked = matrix.locator("td.verified:has(button[data-abi='" + abi + "'])");
            assertThat(checked).hasCount(targets, TWO_MINUTES);
            assertThat(checked.first()).hasAttribute("title", Pattern.compile("; verified on kernel "
                    + StockKernel.ofAbi(abi).orElseThrow().series().replace(".", "\\.") + "\\S*: \\d+ probes as predicted / 0 mismatched \\(v1\\)$"));
            assertThat(checked.locator(".verified-mark")).hasText(Collections.nCopies(targets, "✓").toArray(String[]::new));
            assertThat(matrix.locator("th[data-abi='" + abi + "'] a.verified-mark")).hasAttribute("href", run);
        }
        assertThat(page.locator("#verify-status")).containsText("passed: 2 kernels, 0 probes mismatched");
        assertThat(matrix.locator("td.verified")).hasCount(2 * targets);
        assertThat(matrix.locator("td:has(button[data-abi='7'])").first()).hasAttribute("title", Pattern.compile("; predicted only: the stock kernel of ABI 7 is not cached"));
        screenshot(test, "-checked");
    }
}
