package dev.landlockstudio.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.web.account.UserAccounts;
import dev.landlockstudio.web.testing.BrowserSession;
import dev.landlockstudio.web.testing.ServerTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Sign-in pauses are kept per client address and user name, in bounded memory: a stranger's guesses pause the
 * stranger, never the administrator elsewhere. The addresses are loopback ones other than 127.0.0.1.
 */
class SignInAttemptsTest extends ServerTest {

    @Test
    void aStrangersWrongPasswordsDoNotLockTheAdminOut() {
        for (int i = 0; i < SignInAttempts.ALLOWED_FAILURES; i++) {
            assertThat(BrowserSession.signInFrom(server, "127.0.0.2", "admin", "guess " + i)).endsWith("/login?error");
        }
        assertThat(BrowserSession.signInFrom(server, "127.0.0.2", "admin", server.adminPassword())).as("the guesser waits")
                .endsWith("/login?paused");
        BrowserSession admin = BrowserSession.signIn(server, "admin", server.adminPassword());
        assertThat(admin.location()).as("the admin, from 127.0.0.1").doesNotContain("/login");
        assertThat(admin.get("/policies").statusCode()).isEqualTo(200);
        assertThat(BrowserSession.signInFrom(server, "127.0.0.5", "admin", server.adminPassword())).as("from a third address")
                .doesNotContain("/login");
    }

    @Test
    void theGuesserStaysPausedWhateverNameSpacingOrForwardedAddressItSends() {
        for (int i = 0; i < SignInAttempts.ALLOWED_FAILURES; i++) {
            assertThat(BrowserSession.signInFrom(server, "127.0.0.3", "admin", "guess " + i)).endsWith("/login?error");
        }
        String right = server.adminPassword();
        assertThat(BrowserSession.signInFrom(server, "127.0.0.3", "admin", right)).endsWith("/login?paused");
        assertThat(BrowserSession.signInFrom(server, "127.0.0.3", "  admin \t", right)).as("the name is trimmed first")
                .endsWith("/login?paused");
        // X-Forwarded-For is not trusted by default: a client cannot pick the address it is counted under.
        assertThat(BrowserSession.signInFrom(server, "127.0.0.3", "admin", right, "X-Forwarded-For: 203.0.113.9"))
                .endsWith("/login?paused");
        assertThat(BrowserSession.signInFrom(server, "127.0.0.3", "admin", right, "Forwarded: for=203.0.113.9",
                "X-Real-IP: 203.0.113.9")).endsWith("/login?paused");
        assertThat(BrowserSession.signInFrom(server, "127.0.0.4", " admin ", right)).as("a name with spaces signs in")
                .doesNotContain("/login");
    }

    @Test
    void guessesSentAllAtOnceAreCountedBeforeTheirPasswordsAreChecked() throws Exception {
        ExecutorService guessers = Executors.newFixedThreadPool(20);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String guess = "guess " + i;
                answers.add(guessers.submit(() -> BrowserSession.signInFrom(server, "127.0.0.7", "admin", guess)));
            }
            List<String> locations = new ArrayList<>();
            for (Future<String> answer : answers) {
                locations.add(answer.get(2, TimeUnit.MINUTES));
            }
            assertThat(locations).filteredOn(l -> l.endsWith("/login?error")).hasSize(SignInAttempts.ALLOWED_FAILURES);
            assertThat(locations).filteredOn(l -> l.endsWith("/login?paused")).hasSize(20 - SignInAttempts.ALLOWED_FAILURES);
        } finally {
            guessers.shutdownNow();
        }
    }

    @Test
    void hugeNamesAreFailedSignInsKeptOnlyCutAndNeverMoreThanTheBound() {
        SignInAttempts attempts = server.bean(SignInAttempts.class);
        int before = attempts.size();
        for (int i = 0; i < 20; i++) {
            assertThat(BrowserSession.signInFrom(server, "127.0.0.6", i + "-" + "x".repeat(200_000), "whatever"))
                    .endsWith("/login?error");
        }
        assertThat(attempts.size()).isLessThanOrEqualTo(before + 20);
        assertThat(SignInAttempts.Key.of("127.0.0.6", "  " + "y".repeat(200_000)).username())
                .hasSize(UserAccounts.LONGEST_NAME);

        // Many more distinct names than it keeps, from many addresses: the oldest are forgotten.
        for (int i = 0; i < SignInAttempts.KEPT + 2_000; i++) {
            attempts.attempt(SignInAttempts.Key.of("10.0." + (i / 250) + "." + (i % 250), i + "-" + "z".repeat(10_000)));
        }
        assertThat(attempts.size()).isEqualTo(SignInAttempts.KEPT);
        assertThat(BrowserSession.signIn(server, "admin", server.adminPassword()).location()).doesNotContain("/login");
    }
}
