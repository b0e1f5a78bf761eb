package dev.landlockstudio.web.security;

import dev.landlockstudio.web.config.StudioProperties;
import java.io.IOException;
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
 * password is deleted: it no longer opens anything.
 */
@Controller
class AccountPage {

    static final int SHORTEST_PASSWORD = 12;

    private final UserAccounts accounts;
    private final PasswordEncoder encoder;
    private final StudioProperties properties;

    AccountPage(UserAccounts accounts, PasswordEncoder encoder, StudioProperties properties) {
        this.accounts = accounts;
        this.encoder = encoder;
        this.properties = properties;
    }

    @GetMapping("/account")
    String account(Model model) {
        model.addAttribute("shortest", SHORTEST_PASSWORD);
        return "account";
    }

    @PostMapping("/account/password")
    String changePassword(@RequestParam String current, @RequestParam String password, @RequestParam String repeated,
                          Principal principal, RedirectAttributes redirect) throws IOException {
        String problem = !encoder.matches(current, accounts.loadUserByUsername(principal.getName()).getPassword())
                ? "The current password is not right."
                : password.length() < SHORTEST_PASSWORD ? "Choose a password of at least " + SHORTEST_PASSWORD + " characters."
                : !password.equals(repeated) ? "The new password and its repetition differ."
                : null;
        if (problem != null) {
            redirect.addFlashAttribute("problem", problem);
            return "redirect:/account";
        }
        accounts.changePassword(principal.getName(), encoder.encode(password));
        if (principal.getName().equals(InitialAdmin.USERNAME)) {
            Files.deleteIfExists(properties.dataDir().resolve(InitialAdmin.FILE));
        }
        redirect.addFlashAttribute("changed", true);
        return "redirect:/account";
    }
}
