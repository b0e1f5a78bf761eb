package dev.landlockstudio.web.learn;

import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.compiler.problem.Problem;
import dev.landlockstudio.enforcer.learn.Learning;
import dev.landlockstudio.web.api.NotFound;
import dev.landlockstudio.web.api.RequestRefused;
import dev.landlockstudio.web.policy.PolicyConflict;
import dev.landlockstudio.web.policy.PolicyStore;
import dev.landlockstudio.web.policy.PolicySummary;
import dev.landlockstudio.web.policy.PolicyVersion;
import dev.landlockstudio.web.system.CommandWords;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Learn": type a command, watch it recorded and refined on the kernel, read why each rule is there, and save the
 * policy. What stops a learn from starting is said on the form, by its field; nothing typed is lost.
 */
@Controller
class LearnPageController {

    /** What stops a learn, in the form's words: {@code field} is the form's label, or null for the whole. */
    record FormProblem(String field, String message) {

        static FormProblem of(Problem problem) {
            String pointer = problem.pointer();
            String field = switch (pointer.replaceFirst("/\\d+$", "")) {
                case "/command" -> "Command";
                case "/env" -> pointer.equals("/env") ? "Environment" : "Environment, line "
                        + (Integer.parseInt(pointer.substring("/env/".length())) + 1);
                case "/abi" -> "ABI";
                case "/maxRuns" -> "Runs at most";
                case "/into" -> "Add to";
                default -> problem.displayPointer();
            };
            return new FormProblem(field, problem.message());
        }
    }

    private final Learns learns;
    private final PolicyStore policies;

    LearnPageController(Learns learns, PolicyStore policies) {
        this.learns = learns;
        this.policies = policies;
    }

    @GetMapping("/learn")
    String page(Model model) {
        model.addAttribute("enabled", learns.enabled());
        model.addAttribute("unavailable", Learning.unavailable());
        int hostAbi = Learning.hostAbi();
        model.addAttribute("abis", hostAbi < Learning.LOGGING_ABI ? List.of()
                : IntStream.rangeClosed(Learning.LOGGING_ABI, hostAbi).boxed().toList());
        model.addAttribute("policies", policies.list("").stream().map(PolicySummary::name).toList());
        model.addAttribute("maxRunsMax", Learns.MAX_RUNS_MAX);
        model.addAttribute("learns", learns.recent());
        if (!model.containsAttribute("problems")) {
            model.addAttribute("problems", List.of());
            model.addAttribute("sent", Map.of("command", "", "env", "", "abi", String.valueOf(hostAbi), "maxRuns",
                    String.valueOf(Learns.MAX_RUNS_DEFAULT), "into", ""));
        }
        return "learn/page";
    }

    @PostMapping("/learn")
    String start(@RequestParam(defaultValue = "") String command, @RequestParam(defaultValue = "") String env,
                 @RequestParam(defaultValue = "") String abi, @RequestParam(defaultValue = "") String maxRuns,
                 @RequestParam(defaultValue = "") String into, Principal principal, Model model,
                 HttpServletResponse response) {
        Map<String, String> sent = Map.of("command", command, "env", env, "abi", abi, "maxRuns", maxRuns, "into", into);
        try {
            // Line N of the field is /env/(N-1), so a problem names the line it is on.
            List<String> variables = env.isBlank() ? List.of() : Arrays.asList(env.stripTrailing().split("\\R"));
            Learns.Request request = new Learns.Request(CommandWords.split(command), variables, number("/abi", abi),
                    number("/maxRuns", maxRuns), into.isBlank() ? null : into);
            return "redirect:/learns/" + learns.start(request, principal.getName()).id();
        } catch (InvalidDocumentException e) {
            return refused(422, e.problems().stream().map(FormProblem::of).toList(), sent, model, response);
        } catch (RequestRefused e) {
            return refused(e.status().value(), List.of(new FormProblem(null, e.getMessage())), sent, model, response);
        }
    }

    @GetMapping("/learns/{id}")
    String learn(@PathVariable long id, Model model) {
        Learn learn = learns.find(id);
        model.addAttribute("learn", learn);
        model.addAttribute("progress", learns.progress(id));
        LearnReport report = learns.report(id).orElse(null);
        model.addAttribute("report", report);
        model.addAttribute("learnedName", report == null ? "" : PolicyReader.read(report.policy()).document().name());
        model.addAttribute("changes", report == null ? null : learns.changes(learn, report));
        return "learn/learn";
    }

    @PostMapping("/learns/{id}/save")
    String save(@PathVariable long id, @RequestParam(defaultValue = "") String name, Principal principal, Model model,
                HttpServletResponse response, RedirectAttributes redirect) {
        try {
            PolicyVersion saved = learns.save(id, name, principal.getName());
            redirect.addFlashAttribute("saved", saved);
            return "redirect:/policies/" + saved.name();
        } catch (InvalidDocumentException e) {
            response.setStatus(422);
            model.addAttribute("refusal", e.getMessage());
        } catch (PolicyConflict e) {
            // The API's message speaks of PUT and If-Match; a person is told what to do on this page.
            Learn learn = learns.find(id);
            response.setStatus(e.status().value());
            model.addAttribute("refusal", learn.into() != null ? "policy " + learn.into() + " has a version newer than v"
                    + learn.intoVersion() + ", the one this learn added to: learn again into its latest version"
                    : "a policy of this name exists already: choose another name");
        } catch (RequestRefused e) {
            if (e instanceof NotFound) {
                throw e;
            }
            response.setStatus(e.status().value());
            model.addAttribute("refusal", e.getMessage());
        }
        model.addAttribute("name", name);
        return learn(id, model);
    }

    private String refused(int status, List<FormProblem> problems, Map<String, String> sent, Model model,
                           HttpServletResponse response) {
        response.setStatus(status);
        model.addAttribute("problems", problems);
        model.addAttribute("sent", sent);
        return page(model);
    }

    /** A number field: empty for its default. */
    private static Integer number(String pointer, String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidDocumentException(pointer, "\"" + text.strip() + "\" is not a number");
        }
    }
}
