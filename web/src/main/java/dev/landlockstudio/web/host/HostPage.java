package dev.landlockstudio.web.host;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.enforcer.host.HostInspector;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The host report as a page: what dry runs on this machine can show. */
@Controller
class HostPage {

    @GetMapping("/host")
    String host(Model model) {
        model.addAttribute("host", HostInspector.inspect());
        model.addAttribute("newestAbi", AbiTable.newest());
        return "host";
    }
}
