package dev.landlockstudio.web.security;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page; the form posts to Spring Security ({@link SecurityConfig}). */
@Controller
class SignInPageController {

    @GetMapping("/login")
    String login() {
        return "login";
    }
}
