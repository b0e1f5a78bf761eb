package dev.landlockstudio.web.ui;

import dev.landlockstudio.web.policy.PolicyStore;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in page and the policy list. */
@Controller
class PageController {

    private final PolicyStore store;

    PageController(PolicyStore store) {
        this.store = store;
    }

    @GetMapping("/")
    String home() {
        return "redirect:/policies";
    }

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/policies")
    String policies(@RequestParam(name = "q", required = false) String query, Model model) {
        String search = query == null || query.isBlank() ? null : query.strip();
        model.addAttribute("query", search);
        model.addAttribute("policies", store.list(search));
        return "policies/list";
    }
}
