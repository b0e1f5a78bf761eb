package dev.landlockstudio.web.ui;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page, and the home page, which is the policy list. */
@Controller
class PageController {

    @GetMapping("/")
    String home() {
        return "redirect:/policies";
    }

    @GetMapping("/login")
    String login() {
        return "login";
    }
}
