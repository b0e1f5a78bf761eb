package dev.landlockstudio.web.host;

import dev.landlockstudio.enforcer.host.HostReport;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What this host offers for dry runs: the enforcer's host report. */
@RestController
class HostApiController {

    private final HostReports reports;

    HostApiController(HostReports reports) {
        this.reports = reports;
    }

    @GetMapping("/api/host")
    HostReport host() {
        return reports.current();
    }
}
