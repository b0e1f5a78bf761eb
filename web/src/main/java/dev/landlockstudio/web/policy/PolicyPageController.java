package dev.landlockstudio.web.policy;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.formats.ImportFormat;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.compiler.problem.Problem;
import dev.landlockstudio.enforcer.host.HostReport;
import dev.landlockstudio.web.api.BadParameter;
import dev.landlockstudio.web.api.NotFound;
import dev.landlockstudio.web.editor.EditorVocabulary;
import dev.landlockstudio.web.editor.Examples;
import dev.landlockstudio.web.host.HostReports;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The policy pages: the list, a new policy (from scratch, an example or an imported file), the editor, and the
 * history with diffs and restore. Every change names the version it was based on, like the API's If-Match.
 */
@Controller
class PolicyPageController {

    private final PolicyStore store;
    private final PolicyService policies;
    private final Examples examples;
    private final HostReports hostReports;

    PolicyPageController(PolicyStore store, PolicyService policies, Examples examples, HostReports hostReports) {
        this.store = store;
        this.policies = policies;
        this.examples = examples;
        this.hostReports = hostReports;
    }

    /** The home page is the policy list. */
    @GetMapping("/")
    String home() {
        return "redirect:/policies";
    }

    @GetMapping("/policies")
    String list(@RequestParam(name = "q", required = false) String query, Model model) {
        String search = query == null || query.isBlank() ? null : query.strip();
        model.addAttribute("query", search);
        model.addAttribute("policies", store.list(search));
        return "policies/list";
    }

    @GetMapping("/policies/new")
    String newPolicy(Model model) {
        if (!model.containsAttribute("problems")) {
            model.addAttribute("problems", List.of());
        }
        model.addAttribute("cards", examples.cards());
        model.addAttribute("formats", ImportFormat.values());
        return "policies/new";
    }

    /**
     * {@code source}: scratch (name, description), example (example, name) or import (from: empty to detect, file text,
     * name, and the optional base directory and PodLock container/binary).
     */
    @PostMapping("/policies")
    String create(@RequestParam String source, @RequestParam(defaultValue = "") String name,
                  @RequestParam(defaultValue = "") String description, @RequestParam(defaultValue = "") String example,
                  @RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String file,
                  @RequestParam(defaultValue = "") String base, @RequestParam(defaultValue = "") String select,
                  Principal principal, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            PolicyService.Start start = switch (source) {
                case "scratch" -> policies.fromScratch(name, description);
                case "example" -> policies.fromExample(example, name);
                case "import" -> policies.imported(from, file, name, base, select);
                default -> throw new InvalidDocumentException("", "choose how to start: scratch, example or import");
            };
            PolicyVersion created = policies.create(start.document(), principal.getName(), start.note());
            redirect.addFlashAttribute("notes", start.notes());
            return "redirect:/policies/" + created.name();
        } catch (InvalidDocumentException e) {
            response.setStatus(422);
            model.addAttribute("problems", e.problems());
        } catch (PolicyConflict e) {
            // The API's message speaks of PUT and If-Match; a person is told what to do on this page.
            response.setStatus(e.status().value());
            model.addAttribute("problems", List.of(new Problem("/name",
                    "a policy of this name exists already: choose another name, or open that one from the policy list")));
        } catch (BadParameter e) {
            response.setStatus(400);
            model.addAttribute("problems", List.of(new Problem("", e.getMessage())));
        }
        return newPolicyAgain(model, source, Map.of("name", name, "description", description, "example", example,
                "from", from, "file", file, "base", base, "select", select));
    }

    /** The new-policy page with the form that was sent ({@code sent}: its fields) filled in again: nothing typed is lost. */
    private String newPolicyAgain(Model model, String source, Map<String, String> sent) {
        model.addAttribute("source", source);
        model.addAttribute("sent", sent);
        return newPolicy(model);
    }

    @GetMapping("/policies/{name}")
    String editor(@PathVariable String name, Model model) {
        StoredPolicy stored = store.latest(name);
        return editorPage(model, stored, stored.document(), stored.version().version(), List.of(), null);
    }

    @PostMapping("/policies/{name}")
    String save(@PathVariable String name, @RequestParam String document, @RequestParam int basedOn,
                @RequestParam(defaultValue = "") String note, Principal principal, Model model,
                HttpServletResponse response, RedirectAttributes redirect) {
        StoredPolicy latest;
        try {
            latest = store.latest(name);
        } catch (NotFound e) {
            // Deleted while it was being edited: the text comes back as an import of itself, to create it again.
            response.setStatus(HttpStatus.NOT_FOUND.value());
            model.addAttribute("problems", List.of(new Problem("/name", "someone deleted " + name + " while you edited it;"
                    + " your text is below: create it again to keep it (its versions continue)")));
            return newPolicyAgain(model, "import", Map.of("name", name, "description", "", "example", "",
                    "from", ImportFormat.POLICY.id(), "file", document, "base", "", "select", ""));
        }
        try {
            PolicyVersion saved = policies.update(name, document, basedOn, principal.getName(), note.strip());
            redirect.addFlashAttribute("saved", saved);
            return "redirect:/policies/" + name;
        } catch (InvalidDocumentException e) {
            response.setStatus(422);
            return editorPage(model, latest, document, basedOn, e.problems(), null);
        } catch (PolicyConflict e) {
            response.setStatus(e.status().value());
            return editorPage(model, latest, document, basedOn, List.of(), e);
        } catch (BadParameter e) {
            response.setStatus(400);
            return editorPage(model, latest, document, basedOn, List.of(new Problem("", e.getMessage())), null);
        }
    }

    @PostMapping("/policies/{name}/delete")
    String delete(@PathVariable String name, @RequestParam int basedOn, RedirectAttributes redirect) {
        store.delete(name, basedOn);
        redirect.addFlashAttribute("deleted", name);
        return "redirect:/policies";
    }

    @GetMapping("/policies/{name}/history")
    String history(@PathVariable String name, @RequestParam(required = false) Integer from,
                   @RequestParam(required = false) Integer to, Model model) {
        List<PolicyVersion> versions = store.versions(name);
        int newest = versions.get(0).version();
        int right = to == null ? newest : to;
        int left = from == null ? Math.max(1, right - 1) : from;
        model.addAttribute("name", name);
        model.addAttribute("versions", versions);
        model.addAttribute("latest", newest);
        model.addAttribute("from", left);
        model.addAttribute("to", right);
        model.addAttribute("summaries", policies.summaries(name, newest));
        model.addAttribute("parts", policies.diff(name, left, right));
        return "policies/history";
    }

    /** A version's document exactly as saved, as a file to keep. */
    @GetMapping("/policies/{name}/versions/{version}/policy.json")
    ResponseEntity<byte[]> download(@PathVariable String name, @PathVariable int version) {
        return PolicyFile.of(store.version(name, version));
    }

    /** Saves an old version's document as the next version. */
    @PostMapping("/policies/{name}/restore")
    String restore(@PathVariable String name, @RequestParam int version, @RequestParam int basedOn, Principal principal,
                   RedirectAttributes redirect) {
        PolicyVersion saved = policies.restore(name, version, basedOn, principal.getName());
        redirect.addFlashAttribute("saved", saved);
        return "redirect:/policies/" + name;
    }

    private String editorPage(Model model, StoredPolicy latest, String document, int basedOn, List<Problem> problems,
                              PolicyConflict conflict) {
        model.addAttribute("policy", latest.version());
        model.addAttribute("document", document);
        model.addAttribute("basedOn", basedOn);
        model.addAttribute("problems", problems);
        model.addAttribute("conflict", conflict);
        HostReport host = hostReports.current();
        // The matrix marks the host's ABI only where there is one; the preview starts at the ABI new policies get.
        model.addAttribute("vocabulary", EditorVocabulary.json(host.abi() == null ? 0 : host.newestAbi()));
        model.addAttribute("targets", Target.values());
        model.addAttribute("abis", AbiTable.VERSIONS);
        model.addAttribute("hostAbi", policies.startingAbi());
        return "policies/editor";
    }
}
