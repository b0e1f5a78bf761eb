package dev.landlockstudio.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.landlockstudio.enforcer.EnforcerTestSupport;
import dev.landlockstudio.enforcer.command.UnixUser;
import dev.landlockstudio.enforcer.sandbox.FileTrees;
import dev.landlockstudio.web.testing.StudioServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Learn, on a server that runs commands: a command typed, its runs shown as the kernel refines the policy, the
 * evidence per rule, and the policy saved as a new one that opens in the editor. A refused form keeps what was typed.
 */
class LearnUiTest extends BrowserTest {

    static Path learningData;
    static Path work;
    static StudioServer learning;

    @BeforeAll
    static void startALearningServer() throws Exception {
        learningData = Files.createTempDirectory("landlock-studio-ui-learn");
        learning = StudioServer.start(learningData, "--landlock-studio.commands-enabled=true");
        // The command runs as nobody, in a directory of its own.
        work = Files.createTempDirectory("landlock-studio-ui-learn-work");
        Files.setAttribute(work, "unix:uid", UnixUser.named("nobody").uid());
    }

    @AfterAll
    static void stopTheLearningServer() throws Exception {
        if (learning != null) {
            learning.close();
        }
        for (Path p : new Path[] {learningData, work}) {
            if (p != null) {
                FileTrees.delete(p);
            }
        }
    }

    @Test
    void aCommandIsLearnedConfirmedAndSavedAsAPolicy(TestInfo test) {
        EnforcerTestSupport.requireDenialRecords();
        EnforcerTestSupport.require(Files.isExecutable(Path.of("/usr/bin/strace")), "strace is not installed (apt-get install strace)");
        signIn(learning);
        assertThat(page).hasURL(Pattern.compile(".*/policies$"));
        page.getByRole(AriaRole.NAVIGATION).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions()
                .setName("Learn")).click();
        page.getByLabel("Command (split into words").fill("sh -c 'mkdir -p " + work + "/logs && echo started > " + work
                + "/logs/app.log'");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Learn")).click();

        assertThat(page).hasURL(Pattern.compile(".*/learns/\\d+$"));
        // The page loads again when the learn ends.
        assertThat(page.locator("#learn-status strong")).hasText("confirmed",
                new LocatorAssertions.HasTextOptions().setTimeout(60_000));
        assertThat(page.locator("#learn-message")).containsText("with no denial, as unconfined");
        assertThat(page.locator("#recorded")).containsText("Recorded unconfined: exit 0;");
        assertThat(page.locator("#learn-runs > li").last()).containsText(", 0 denials");
        assertThat(page.locator("#learn-evidence")).containsText(work.toString());
        assertThat(page.locator("#learn-evidence")).containsText("make_dir");
        assertThat(page.locator("#learned-policy")).containsText("\"name\": \"learned-sh\"");
        screenshot(test, "-learned");

        page.getByLabel("Name").fill("app-writer");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save as a new policy")).click();
        assertThat(page).hasURL(Pattern.compile(".*/policies/app-writer$"));
        assertThat(page.locator("p.saved")).hasText("Saved as v1.");

        // The same name again is refused on the learn's page, which stays as it was.
        page.goBack();
        page.reload();
        page.getByLabel("Name").fill("app-writer");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save as a new policy")).click();
        assertThat(page.locator("#save-refused")).containsText("a policy of this name exists already");
        assertThat(page.locator("#learned-policy")).containsText("\"name\": \"learned-sh\"");
    }

    @Test
    void aRefusedFormSaysWhyByItsFieldAndKeepsWhatWasTyped() {
        signIn(learning);
        assertThat(page).hasURL(Pattern.compile(".*/policies$"));
        page.navigate(learning.url("/learn"));
        page.getByLabel("Command (split into words").fill("env");
        page.getByLabel("Environment, one NAME=VALUE").fill("GREETING=hello\nHOME");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Learn")).click();
        assertThat(page.locator("#learn-problems")).containsText("Environment, line 2:");
        assertThat(page.getByLabel("Command (split into words")).hasValue("env");
        assertThat(page.getByLabel("Environment, one NAME=VALUE")).hasValue("GREETING=hello\nHOME");
    }
}
