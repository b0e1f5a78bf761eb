package dev.landlockstudio.web.audit;

import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.web.api.BadParameter;
import dev.landlockstudio.web.config.StudioProperties;
import dev.landlockstudio.web.policy.PolicyConflict;
import dev.landlockstudio.web.policy.PolicyVersion;
import dev.landlockstudio.web.policy.StoredPolicy;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Denials → fix": paste or upload denial records, see them grouped by domain and access against the latest version,
 * and save one group's fix (or, for an expected denial, its quieting) as the next version. The records stay on the page through every step, a refusal included.
 */
@Controller
class AuditPageController {

    private final Audits audits;
    private final StudioProperties properties;

    AuditPageController(Audits audits, StudioProperties properties) {
        this.audits = audits;
        this.properties = properties;
    }

    /** After a fix, the records come back (as a flash attribute) to be read against the version it saved. */
    @GetMapping("/policies/{name}/audit")
    String page(@PathVariable String name, Model model) {
        String records = (String) model.getAttribute("records");
        return page(audits.version(name, null), records == null ? "" : records, null, model);
    }

    @PostMapping("/policies/{name}/audit")
    String read(@PathVariable String name, @RequestParam(defaultValue = "") String records, Model model) {
        return page(audits.version(name, null), records, null, model);
    }

    @PostMapping("/policies/{name}/audit/fix")
    String fix(@PathVariable String name, @RequestParam(defaultValue = "") String records, @RequestParam int basedOn,
               @RequestParam int group, Principal principal, Model model, HttpServletResponse response,
               RedirectAttributes redirect) {
        return save(name, records, basedOn, group, Audits.Change.GRANT, principal, model, response, redirect);
    }

    @PostMapping("/policies/{name}/audit/quiet")
    String quiet(@PathVariable String name, @RequestParam(defaultValue = "") String records, @RequestParam int basedOn,
                 @RequestParam int group, Principal principal, Model model, HttpServletResponse response,
                 RedirectAttributes redirect) {
        return save(name, records, basedOn, group, Audits.Change.QUIET, principal, model, response, redirect);
    }

    private String save(String name, String records, int basedOn, int group, Audits.Change change, Principal principal,
                        Model model, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            PolicyVersion saved = audits.save(name, basedOn, records, group, change, principal.getName());
            redirect.addFlashAttribute("saved", saved);
            redirect.addFlashAttribute("records", records);
            return "redirect:/policies/" + name + "/audit";
        } catch (PolicyConflict e) {
            response.setStatus(e.status().value());
            model.addAttribute("stale", basedOn);
            return page(audits.version(name, null), records, e.getMessage(), model);
        } catch (BadParameter | InvalidDocumentException e) {
            response.setStatus(e instanceof BadParameter ? 400 : 422);
            return page(audits.version(name, null), records, e.getMessage(), model);
        }
    }

    private String page(StoredPolicy latest, String records, String refusal, Model model) {
        model.addAttribute("policy", latest.version());
        model.addAttribute("records", records);
        model.addAttribute("refusal", refusal);
        model.addAttribute("maxBytes", properties.maxRequestSize().toBytes());
        if (!records.isBlank()) {
            AuditReading reading = audits.read(latest, records);
            model.addAttribute("reading", reading);
            model.addAttribute("sections", DomainSection.of(reading));
        }
        return "audit/page";
    }
}
