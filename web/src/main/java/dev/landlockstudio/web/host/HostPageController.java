package dev.landlockstudio.web.host;

import dev.landlockstudio.compiler.abi.AbiTable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The host report as a page: what dry runs on this machine can show. */
@Controller
class HostPageController {

    private final HostReports reports;

    HostPageController(HostReports reports) {
        this.reports = reports;
    }

    @GetMapping("/host")
    String host(Model model) {
        model.addAttribute("host", reports.current());
        model.addAttribute("newestAbi", AbiTable.newest());
        return "host";
    }
}
