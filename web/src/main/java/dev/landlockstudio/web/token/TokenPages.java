package dev.landlockstudio.web.token;

import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The API tokens page: create one (shown once), see when each was last used, revoke. */
@Controller
class TokenPages {

    private final ApiTokenStore tokens;

    TokenPages(ApiTokenStore tokens) {
        this.tokens = tokens;
    }

    @GetMapping("/tokens")
    String list(Principal principal, Model model) {
        model.addAttribute("tokens", tokens.list(principal.getName()));
        return "tokens";
    }

    @PostMapping("/tokens")
    String create(@RequestParam String name, Principal principal, RedirectAttributes redirect) {
        String label = name.strip();
        if (label.isEmpty() || label.length() > 100) {
            redirect.addFlashAttribute("problem", "Give the token a name of 1 to 100 characters, such as the CI job that uses it.");
            return "redirect:/tokens";
        }
        redirect.addFlashAttribute("created", tokens.create(principal.getName(), label));
        return "redirect:/tokens";
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
