package dev.landlockstudio.web.host;

import dev.landlockstudio.enforcer.host.HostInspector;
import dev.landlockstudio.enforcer.host.HostReport;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What this host offers for dry runs: the enforcer's host report. */
@RestController
class HostApiController {

    @GetMapping("/api/host")
    HostReport host() {
        return HostInspector.inspect();
    }
}
