package dev.landlockstudio.web.account;

import dev.landlockstudio.web.config.StudioProperties;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.Principal;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The signed-in user's password. Once the administrator has chosen one, the file holding the generated first
 * password is deleted: it no longer opens anything. A change signs the user out of every other session.
 */
@Controller
class AccountPageController {

    static final int SHORTEST_PASSWORD = 12;
    /** BCrypt reads no further. */
    static final int LONGEST_PASSWORD_BYTES = 72;

    private final UserAccounts accounts;
    private final PasswordEncoder encoder;
    private final StudioProperties properties;
    private final SignedInSessions sessions;
    private final PasswordStamps stamps;

    AccountPageController(UserAccounts accounts, PasswordEncoder encoder, StudioProperties properties, SignedInSessions sessions,
                          PasswordStamps stamps) {
        this.accounts = accounts;
        this.encoder = encoder;
        this.properties = properties;
        this.sessions = sessions;
        this.stamps = stamps;
    }

    @GetMapping("/account")
    String account(Model model) {
        model.addAttribute("shortest", SHORTEST_PASSWORD);
        return "account";
    }

    @PostMapping("/account/password")
    String changePassword(@RequestParam String current, @RequestParam String password, @RequestParam String repeated,
                          Principal principal, HttpSession session, RedirectAttributes redirect) throws IOException {
        String problem = !encoder.matches(current, accounts.loadUserByUsername(principal.getName()).getPassword())
                ? "The current password is not right."
                : password.length() < SHORTEST_PASSWORD ? "Choose a password of at least " + SHORTEST_PASSWORD + " characters."
                : password.getBytes(StandardCharsets.UTF_8).length > LONGEST_PASSWORD_BYTES
                ? "Choose a password of at most " + LONGEST_PASSWORD_BYTES + " bytes (as UTF-8): no more is read."
                : !password.equals(repeated) ? "The new password and its repetition differ."
                : null;
        if (problem != null) {
            redirect.addFlashAttribute("problem", problem);
            return "redirect:/account";
        }
        accounts.changePassword(principal.getName(), encoder.encode(password));
        stamps.changed(principal.getName(), session);
        sessions.endOthers(principal.getName(), session);
        if (principal.getName().equals(InitialAdmin.USERNAME)) {
            Files.deleteIfExists(properties.dataDir().resolve(InitialAdmin.FILE));
        }
        redirect.addFlashAttribute("changed", true);
        return "redirect:/account";
    }
}
