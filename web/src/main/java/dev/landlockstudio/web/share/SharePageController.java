package dev.landlockstudio.web.share;

import dev.landlockstudio.web.api.NotFound;
import dev.landlockstudio.web.policy.PolicyStore;
import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A policy's share links for its users: made per version (from the history or the editor), listed with who made
 * them, when and for which version, and revoked. A new link is shown once, like a new API token.
 */
@Controller
class SharePageController {

    private final PolicyStore store;
    private final ShareLinks links;

    SharePageController(PolicyStore store, ShareLinks links) {
        this.store = store;
        this.links = links;
    }

    @GetMapping("/policies/{name}/shares")
    String list(@PathVariable String name, Model model) {
        store.versions(name);
        model.addAttribute("name", name);
        model.addAttribute("links", links.list(name));
        return "shares/list";
    }

    @PostMapping("/policies/{name}/shares")
    String create(@PathVariable String name, @RequestParam int version, Principal principal, RedirectAttributes redirect) {
        ShareLinks.Created created = links.create(name, version, principal.getName());
        redirect.addFlashAttribute("created", created.link());
        redirect.addFlashAttribute("url", SharePaths.url(created.secret()));
        return "redirect:/policies/" + name + "/shares";
    }

    @PostMapping("/policies/{name}/shares/{id}/revoke")
    String revoke(@PathVariable String name, @PathVariable long id, RedirectAttributes redirect) {
        if (!links.revoke(name, id)) {
            throw new NotFound("policy " + name + " has no live share link " + id);
        }
        redirect.addFlashAttribute("revoked", id);
        return "redirect:/policies/" + name + "/shares";
    }
}
