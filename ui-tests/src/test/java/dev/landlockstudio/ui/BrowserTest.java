package dev.landlockstudio.ui;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.LoadState;
import dev.landlockstudio.enforcer.EnforcerTestSupport;
import dev.landlockstudio.enforcer.sandbox.FileTrees;
import dev.landlockstudio.web.testing.StudioServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * A real Chromium (Debian's) against the real app, started on a free port with its H2 file database in a temporary
 * directory. Each test gets a fresh browser context at 1280 px and leaves a screenshot in target/screenshots.
 */
abstract class BrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    static Path data;
    static StudioServer server;
    static Playwright playwright;
    static Browser browser;

    BrowserContext context;
    Page page;

    @BeforeAll
    static void startAppAndBrowser() throws Exception {
        EnforcerTestSupport.require(Files.isExecutable(CHROMIUM), "Debian's chromium is not installed (bin/test installs it)");
        data = Files.createTempDirectory("landlock-studio-ui");
        server = StudioServer.start(data);
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--no-first-run", "--disable-sync")));
    }

    @AfterAll
    static void stopAppAndBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (server != null) {
            server.close();
        }
        if (data != null) {
            FileTrees.delete(data);
        }
    }

    @BeforeEach
    void newContext() {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        context.grantPermissions(List.of("clipboard-read", "clipboard-write"));
        page = context.newPage();
    }

    @AfterEach
    void screenshot(TestInfo test) {
        screenshot(test, "");
        context.close();
    }

    /** A screenshot of the page as it is now, named after the test and {@code suffix}. */
    void screenshot(TestInfo test, String suffix) {
        screenshot(test, suffix, page);
    }

    /** A screenshot of {@code of} (a page of another context, such as a signed-out one). */
    void screenshot(TestInfo test, String suffix, Page of) {
        Path file = Path.of(System.getProperty("screenshots.dir", "target/screenshots"),
                getClass().getSimpleName() + "-" + test.getTestMethod().orElseThrow().getName() + suffix + ".png");
        of.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
    }

    String url(String path) {
        return server.url(path);
    }

    /** A new policy from one of the examples, under {@code name}; ends on its editor. */
    void createFromExample(String example, String name) {
        page.navigate(url("/policies/new"));
        page.locator("#example").selectOption(example);
        page.locator("#example-name").fill(name);
        page.locator("#from-example button[type=submit]").click();
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*/policies/" + name + "$"));
        // The editor's modules run before DOMContentLoaded: from then on its controls answer.
        page.waitForLoadState(LoadState.DOMCONTENTLOADED);
    }

    void signIn() {
        signIn(server);
    }

    /** Signs in as admin to {@code to}: this class's server, or one a test started with settings of its own. */
    void signIn(StudioServer to) {
        page.navigate(to.url("/login"));
        page.getByLabel("User name").fill("admin");
        page.getByLabel("Password").fill(to.adminPassword());
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Sign in")).click();
    }
}
