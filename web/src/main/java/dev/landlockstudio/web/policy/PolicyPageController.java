package dev.landlockstudio.web.policy;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.formats.ImportFormat;
import dev.landlockstudio.compiler.formats.Importer;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.policy.Policy;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.compiler.problem.Problem;
import dev.landlockstudio.web.api.ApiParameters;
import dev.landlockstudio.web.api.BadParameter;
import dev.landlockstudio.web.editor.Examples;
import dev.landlockstudio.web.editor.RightCatalog;
import dev.landlockstudio.web.host.HostReports;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.node.ObjectNode;

/**
 * The policy pages: the list, a new policy (from scratch, an example or an imported file), the editor, and the
 * history with diffs and restore. Every change names the version it was based on, like the API's If-Match.
 */
@Controller
class PolicyPageController {

    private final PolicyStore store;
    private final Examples examples;
    private final HostReports hostReports;

    PolicyPageController(PolicyStore store, Examples examples, HostReports hostReports) {
        this.store = store;
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
        model.addAttribute("examples", examples.all().keySet());
        model.addAttribute("formats", ImportFormat.ids());
        return "policies/new";
    }

    /** {@code source}: scratch (name, description), example (example, name) or import (from, file text, name). */
    @PostMapping("/policies")
    String create(@RequestParam String source, @RequestParam(defaultValue = "") String name,
                  @RequestParam(defaultValue = "") String description, @RequestParam(defaultValue = "") String example,
                  @RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String file,
                  Principal principal, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            Start start = switch (source) {
                case "scratch" -> new Start(fresh(name, description), List.of(), "created");
                case "example" -> new Start(renamed(examples.all().getOrDefault(example, ""), name), List.of(),
                        "from the example " + example);
                case "import" -> {
                    ImportFormat format = ImportFormat.byId(from).orElseThrow(() ->
                            new InvalidDocumentException("", "choose the file's format"));
                    Importer.Imported imported = format.importer().read(Json.parse(file), name.isBlank() ? "imported" : name.strip());
                    yield new Start(Json.write(imported.policy()), imported.notes(), "imported from " + from);
                }
                default -> throw new InvalidDocumentException("", "choose how to start: scratch, example or import");
            };
            Policy policy = PolicyReader.read(start.document()).document();
            store.create(policy, start.document(), principal.getName(), start.note());
            redirect.addFlashAttribute("notes", start.notes());
            return "redirect:/policies/" + policy.name();
        } catch (InvalidDocumentException e) {
            response.setStatus(422);
            model.addAttribute("problems", e.problems());
        } catch (PolicyConflict e) {
            response.setStatus(e.status().value());
            model.addAttribute("problems", List.of(new Problem("/name", e.getMessage())));
        }
        // Nothing typed is lost: the form that was sent comes back filled in.
        model.addAttribute("source", source);
        model.addAttribute("sent", Map.of("name", name, "description", description, "example", example, "from", from, "file", file));
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
        StoredPolicy latest = store.latest(name);
        try {
            ApiParameters.note(note.strip());
            Policy policy = PolicyReader.read(document).document();
            if (!policy.name().equals(name)) {
                throw new InvalidDocumentException("/name", "is \"" + policy.name() + "\" but this is policy " + name
                        + "; a policy keeps its name (create a new one to rename)");
            }
            PolicyVersion saved = store.update(policy, basedOn, document, principal.getName(), note.strip());
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
        model.addAttribute("rows", LineDiff.of(pretty(store.version(name, left).document()), pretty(store.version(name, right).document())));
        return "policies/history";
    }

    /** Saves an old version's document as the next version. */
    @PostMapping("/policies/{name}/restore")
    String restore(@PathVariable String name, @RequestParam int version, @RequestParam int basedOn, Principal principal,
                   RedirectAttributes redirect) {
        StoredPolicy old = store.version(name, version);
        PolicyVersion saved = store.update(PolicyReader.read(old.document()).document(), basedOn, old.document(),
                principal.getName(), "restored v" + version);
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
        model.addAttribute("rights", RightCatalog.JSON);
        model.addAttribute("targets", Target.values());
        model.addAttribute("abis", AbiTable.VERSIONS);
        model.addAttribute("hostAbi", startingAbi());
        return "policies/editor";
    }

    /** A new policy's first document, what the reader should know about it, and its version's note. */
    private record Start(String document, List<String> notes, String note) {
    }

    private String fresh(String name, String description) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", name.strip());
        document.put("description", description.strip());
        document.put("abi", startingAbi());
        document.put("pathBeneath", List.of());
        return Json.write(document);
    }

    /** The document of an example, under another name when one is given. */
    private static String renamed(String example, String name) {
        if (example.isEmpty()) {
            throw new InvalidDocumentException("", "choose an example");
        }
        if (name.isBlank()) {
            return example;
        }
        ObjectNode tree = (ObjectNode) Json.parse(example);
        tree.put("name", name.strip());
        return Json.write(tree);
    }

    /** New policies are written for this host's ABI, or the newest when the host has no Landlock. */
    private int startingAbi() {
        return hostReports.current().newestAbi();
    }

    private static String pretty(String document) {
        return Json.write(Json.parse(document));
    }
}
