package dev.landlockstudio.web.security;

import dev.landlockstudio.web.api.ProblemResponses;
import dev.landlockstudio.web.token.ApiTokenStore;
import dev.landlockstudio.web.token.TokenScope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates API calls that carry {@code Authorization: Bearer TOKEN}. A request with a token that is wrong,
 * revoked or expired is answered 401 at once: it never falls back to a session cookie, so a bearer header cannot be
 * used to skip the CSRF check that session requests get. A token acts as its owner with the authority of its scope
 * ({@link #authority}); which calls need which is {@link SecurityConfig}'s.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    static final String SCHEME = "Bearer ";

    private final ApiTokenStore tokens;
    private final ProblemResponses problems;

    BearerTokenFilter(ApiTokenStore tokens, ProblemResponses problems) {
        this.tokens = tokens;
        this.problems = problems;
    }

    /** The authority a token of this scope carries; a token of scope full is its owner's user, as a session is. */
    static String authority(TokenScope scope) {
        return scope == TokenScope.FULL ? "ROLE_USER" : "SCOPE_" + scope.id();
    }

    static boolean carriesToken(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        return header != null && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!carriesToken(request)) {
            chain.doFilter(request, response);
            return;
        }
        String secret = request.getHeader(HttpHeaders.AUTHORIZATION).substring(SCHEME.length()).strip();
        Optional<ApiTokenStore.Grant> grant = tokens.grant(secret);
        if (grant.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            problems.write(response, HttpStatus.UNAUTHORIZED, "invalid-token", "Unauthorized",
                    "the bearer token is unknown or revoked; create one on the API tokens page");
            return;
        }
        if (grant.get().expired()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\", error_description=\"expired\"");
            problems.write(response, HttpStatus.UNAUTHORIZED, "expired-token", "Unauthorized",
                    "the bearer token expired at " + grant.get().expiresAt() + "; create a new one on the API tokens page");
            return;
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(grant.get().username(), null,
                List.of(new SimpleGrantedAuthority(authority(grant.get().scope())))));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
