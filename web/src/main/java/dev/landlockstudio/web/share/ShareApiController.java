package dev.landlockstudio.web.share;

import dev.landlockstudio.web.api.NotFound;
import dev.landlockstudio.web.policy.PolicyStore;
import java.security.Principal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Share links over REST, as on the share links page: a token of scope full (or a session) is needed for each call. */
@RestController
@RequestMapping("/api/policies/{name}")
class ShareApiController {

    /** A new link, with the only copy of its URL. */
    record CreatedLink(ShareLinks.ShareLink link, String url) {
    }

    private final PolicyStore store;
    private final ShareLinks links;

    ShareApiController(PolicyStore store, ShareLinks links) {
        this.store = store;
        this.links = links;
    }

    @GetMapping("/shares")
    List<ShareLinks.ShareLink> list(@PathVariable String name) {
        store.versions(name);
        return links.list(name);
    }

    @PostMapping("/versions/{version}/shares")
    ResponseEntity<CreatedLink> create(@PathVariable String name, @PathVariable int version, Principal principal) {
        ShareLinks.Created created = links.create(name, version, principal.getName());
        return ResponseEntity.status(HttpStatus.CREATED).body(new CreatedLink(created.link(), SharePaths.url(created.secret())));
    }

    @DeleteMapping("/shares/{id}")
    ResponseEntity<Void> revoke(@PathVariable String name, @PathVariable long id) {
        if (!links.revoke(name, id)) {
            throw new NotFound("policy " + name + " has no live share link " + id);
        }
        return ResponseEntity.noContent().build();
    }
}
