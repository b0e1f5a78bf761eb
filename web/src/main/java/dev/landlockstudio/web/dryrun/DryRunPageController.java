package dev.landlockstudio.web.dryrun;

import dev.landlockstudio.compiler.probe.Probes;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.compiler.problem.Problem;
import dev.landlockstudio.enforcer.trial.ProbeSpec;
import dev.landlockstudio.enforcer.trial.TrialKind;
import dev.landlockstudio.web.api.NotFound;
import dev.landlockstudio.web.api.RequestRefused;
import dev.landlockstudio.web.config.StudioProperties;
import dev.landlockstudio.web.host.HostReports;
import dev.landlockstudio.web.kernels.StockKernels;
import dev.landlockstudio.web.policy.PolicyStacks;
import dev.landlockstudio.web.policy.PolicyStore;
import dev.landlockstudio.web.policy.StoredPolicy;
import dev.landlockstudio.web.system.CommandWords;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "Try it": choose how, start a dry run, and watch its probes come in, grouped by rule; past runs stay listed. What
 * stops a run from starting is said on the form, by the field it is about, with what to do.
 */
@Controller
class DryRunPageController {

    /** What stops a run, in the form's words: {@code field} is the form's label for the place, or null for the whole. */
    record FormProblem(String field, String message) {

        static FormProblem of(Problem problem) {
            String pointer = problem.pointer();
            String field = switch (pointer.replaceFirst("/\\d+$", "")) {
                case "/probes" -> pointer.equals("/probes") ? "Probes" : "Probe on line " + (index(pointer) + 1);
                case "/lowerDir" -> "Lower directory";
                case "/command" -> "Command";
                case "/mode" -> "Where";
                case "/kernels" -> "Kernels";
                default -> problem.displayPointer();
            };
            return new FormProblem(field, problem.message());
        }

        private static int index(String pointer) {
            return Integer.parseInt(pointer.substring(pointer.lastIndexOf('/') + 1));
        }
    }

    private final DryRuns dryRuns;
    private final PolicyStore policies;
    private final PolicyStacks stacks;
    private final StudioProperties properties;
    private final HostReports hostReports;
    private final StockKernels stockKernels;

    DryRunPageController(DryRuns dryRuns, PolicyStore policies, PolicyStacks stacks, StudioProperties properties,
                         HostReports hostReports, StockKernels stockKernels) {
        this.dryRuns = dryRuns;
        this.stacks = stacks;
        this.stockKernels = stockKernels;
        this.policies = policies;
        this.properties = properties;
        this.hostReports = hostReports;
    }

    @GetMapping("/policies/{name}/try")
    String tryPage(@PathVariable String name, Model model) {
        StoredPolicy stored = policies.latest(name);
        model.addAttribute("policy", stored.version());
        model.addAttribute("generated", String.join("\n", Probes.of(stacks.rulesOf(stored.document()))
                .stream().map(ProbeSpec::format).toList()));
        model.addAttribute("runs", dryRuns.ofPolicy(name));
        model.addAttribute("commandsEnabled", properties.commandsEnabled());
        model.addAttribute("host", hostReports.current());
        model.addAttribute("kernels", stockKernels.listing());
        if (!model.containsAttribute("problems")) {
            model.addAttribute("problems", List.of());
            model.addAttribute("sent", Map.of("mode", TrialKind.SCRATCH.id(), "probes", "", "lowerDir", "", "command", ""));
        }
        return "dryruns/try";
    }

    @PostMapping("/policies/{name}/try")
    String start(@PathVariable String name, @RequestParam String mode, @RequestParam(defaultValue = "") String probes,
                 @RequestParam(defaultValue = "") String lowerDir, @RequestParam(defaultValue = "") String command,
                 Principal principal, Model model, HttpServletResponse response) {
        try {
            DryRuns.Request request = new DryRuns.Request(mode, lowerDir.isBlank() ? null : lowerDir.strip(),
                    Arrays.asList(probes.split("\\R")), CommandWords.split(command), List.of(), null);
            return "redirect:/dry-runs/" + dryRuns.start(name, null, request, principal.getName()).id();
        } catch (InvalidDocumentException e) {
            return refused(name, 422, e.problems().stream().map(FormProblem::of).toList(), mode, probes, lowerDir, command,
                    model, response);
        } catch (RequestRefused e) {
            // Not found stays the error page; the host or the server refusing is said on the form.
            if (e instanceof NotFound) {
                throw e;
            }
            return refused(name, e.status().value(), List.of(new FormProblem(null, e.getMessage())), mode, probes, lowerDir,
                    command, model, response);
        }
    }

    private String refused(String name, int status, List<FormProblem> problems, String mode, String probes, String lowerDir,
                           String command, Model model, HttpServletResponse response) {
        response.setStatus(status);
        model.addAttribute("problems", problems);
        // Nothing typed is lost: the form comes back as it was sent.
        model.addAttribute("sent", Map.of("mode", mode, "probes", probes, "lowerDir", lowerDir, "command", command));
        return tryPage(name, model);
    }

    @GetMapping("/dry-runs/{id}")
    String run(@PathVariable long id, Model model) {
        DryRun run = dryRuns.find(id);
        List<DryRunRow> rows = dryRuns.rows(id);
        model.addAttribute("run", run);
        model.addAttribute("rows", rows);
        model.addAttribute("groups", dryRuns.groups(run).groups());
        model.addAttribute("grouped", rows.stream().collect(Collectors.groupingBy(DryRunRow::group)));
        // On stock kernels: a section per kernel, its rows grouped as a run's on this host are.
        List<DryRunKernel> kernels = run.onKernels() ? dryRuns.kernels(id) : List.of();
        model.addAttribute("kernels", kernels);
        model.addAttribute("byKernel", kernels.stream().collect(Collectors.toMap(DryRunKernel::abi, k -> rows.stream()
                .filter(r -> Objects.equals(r.kernel(), k.abi())).collect(Collectors.groupingBy(DryRunRow::group)))));
        model.addAttribute("emptyGroups", Map.of());
        model.addAttribute("output", run.ranCommand() ? dryRuns.output(id) : null);
        return "dryruns/run";
    }
}
