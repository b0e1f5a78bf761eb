package dev.landlockstudio.web.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Signing in with a user name and password, paused for one client address and user name after too many wrong
 * passwords (see {@link SignInAttempts}). The pause is checked before the password, so a paused guesser learns nothing;
 * an attempt that fails in any way counts as a wrong password.
 */
final class ThrottledSignIn implements AuthenticationProvider {

    private final AuthenticationProvider passwords;
    private final SignInAttempts attempts;

    ThrottledSignIn(AuthenticationProvider passwords, SignInAttempts attempts) {
        this.passwords = passwords;
        this.attempts = attempts;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        // The address is the TCP peer's, unless the server is told to trust a proxy's X-Forwarded-For.
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : "";
        SignInAttempts.Key key = SignInAttempts.Key.of(address, authentication.getName());
        if (!attempts.attempt(key)) {
            throw new LockedException("too many wrong passwords for this user from this address");
        }
        Authentication signedIn = passwords.authenticate(authentication);
        attempts.succeeded(key);
        return signedIn;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
