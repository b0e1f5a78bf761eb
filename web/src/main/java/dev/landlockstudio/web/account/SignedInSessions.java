package dev.landlockstudio.web.account;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;

/** This instance's live HTTP sessions, so that a password change can end the user's other sessions. */
@Component
class SignedInSessions implements HttpSessionListener {

    private final Set<HttpSession> sessions = ConcurrentHashMap.newKeySet();

    @Override
    public void sessionCreated(HttpSessionEvent event) {
        sessions.add(event.getSession());
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        sessions.remove(event.getSession());
    }

    /** Signs {@code username} out everywhere but in {@code kept}: those sessions are invalidated at once. */
    void endOthers(String username, HttpSession kept) {
        for (HttpSession session : sessions) {
            if (!session.getId().equals(kept.getId()) && username.equals(userOf(session))) {
                try {
                    session.invalidate();
                } catch (IllegalStateException endedMeanwhile) {
                    sessions.remove(session);
                }
            }
        }
    }

    private static String userOf(HttpSession session) {
        try {
            return session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY) instanceof SecurityContext context
                    && context.getAuthentication() != null ? context.getAuthentication().getName() : null;
        } catch (IllegalStateException endedMeanwhile) {
            return null;
        }
    }
}
