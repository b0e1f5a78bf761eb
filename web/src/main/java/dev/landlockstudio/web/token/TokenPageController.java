package dev.landlockstudio.web.token;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The API tokens page: create one (shown once) with a scope and an optional expiry, see when each was last used,
 * revoke one after a confirmation (a page of its own, so that it works without scripts).
 */
@Controller
class TokenPageController {

    static final int LONGEST_LIFE_DAYS = 3650;

    private final ApiTokenStore tokens;

    TokenPageController(ApiTokenStore tokens) {
        this.tokens = tokens;
    }

    @GetMapping("/tokens")
    String list(Principal principal, Model model) {
        model.addAttribute("tokens", tokens.list(principal.getName()));
        model.addAttribute("longestLife", LONGEST_LIFE_DAYS);
        model.addAttribute("today", LocalDate.now(ZoneOffset.UTC));
        return "tokens";
    }

    @PostMapping("/tokens")
    String create(@RequestParam String name, @RequestParam(required = false) String scope,
                  @RequestParam(required = false) String days, @RequestParam(required = false) String until,
                  Principal principal, RedirectAttributes redirect) {
        String label = name.strip();
        Optional<TokenScope> chosen = TokenScope.of(scope);
        String problem = label.isEmpty() || label.length() > 100
                ? "Give the token a name of 1 to 100 characters, such as the CI job that uses it."
                : chosen.isEmpty() ? "Choose the token's scope: export (only the export call, what CI needs) or full."
                : null;
        Instant expiresAt = null;
        if (problem == null) {
            try {
                expiresAt = expiry(blank(days), blank(until));
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
        }
        if (problem != null) {
            redirect.addFlashAttribute("problem", problem);
            return "redirect:/tokens";
        }
        redirect.addFlashAttribute("created", tokens.create(principal.getName(), label, chosen.get(), expiresAt));
        return "redirect:/tokens";
    }

    /** When a token made now expires: after a number of days, at the start of a date (UTC), or never (null). */
    private static Instant expiry(String days, String until) {
        if (days != null && until != null) {
            throw new IllegalArgumentException("Give either a number of days or a date for the expiry, not both.");
        }
        Instant now = Instant.now();
        if (days != null) {
            int count;
            try {
                count = Integer.parseInt(days);
            } catch (NumberFormatException e) {
                count = 0;
            }
            if (count < 1 || count > LONGEST_LIFE_DAYS) {
                throw new IllegalArgumentException("The expiry in days is a whole number from 1 to " + LONGEST_LIFE_DAYS + ".");
            }
            return now.plus(Duration.ofDays(count));
        }
        if (until != null) {
            LocalDate date;
            try {
                date = LocalDate.parse(until);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("The expiry date is a date such as 2030-12-31.");
            }
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            if (!date.isAfter(today) || date.isAfter(today.plusDays(LONGEST_LIFE_DAYS))) {
                throw new IllegalArgumentException("The expiry date is after today (UTC) and at most " + LONGEST_LIFE_DAYS
                        + " days away.");
            }
            return date.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return null;
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Asks first: revoking cannot be undone, and whatever uses the token stops working. */
    @GetMapping("/tokens/{id}/revoke")
    String confirmRevoke(@PathVariable long id, Principal principal, Model model, RedirectAttributes redirect) {
        Optional<ApiTokenStore.ApiToken> token = tokens.find(principal.getName(), id).filter(t -> t.revokedAt() == null);
        if (token.isEmpty()) {
            redirect.addFlashAttribute("problem", "No such token, or it is revoked already.");
            return "redirect:/tokens";
        }
        model.addAttribute("token", token.get());
        return "token-revoke";
    }

    @PostMapping("/tokens/{id}/revoke")
    String revoke(@PathVariable long id, Principal principal, RedirectAttributes redirect) {
        if (tokens.revoke(principal.getName(), id)) {
            redirect.addFlashAttribute("revoked", id);
        } else {
            redirect.addFlashAttribute("problem", "No such token, or it is revoked already.");
        }
        return "redirect:/tokens";
    }
}
