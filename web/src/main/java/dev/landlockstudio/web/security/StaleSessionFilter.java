package dev.landlockstudio.web.security;

import dev.landlockstudio.web.account.PasswordStamps;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs out a session whose user's password has changed since it signed in, wherever the change was made
 * ({@link PasswordStamps}). The session ends and the request goes on signed out, so the chain answers it as it answers
 * any request without a session: the sign-in page, or 401 for the API.
 */
final class StaleSessionFilter extends OncePerRequestFilter {

    private final PasswordStamps stamps;

    StaleSessionFilter(PasswordStamps stamps) {
        this.stamps = stamps;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        if (session != null && signedIn instanceof UsernamePasswordAuthenticationToken && signedIn.isAuthenticated()
                && stamps.stale(session, signedIn.getName())) {
            session.invalidate();
            SecurityContextHolder.clearContext();
        }
        chain.doFilter(request, response);
    }
}
