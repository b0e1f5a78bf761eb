package dev.landlockstudio.web.host;

import dev.landlockstudio.enforcer.host.HostInspector;
import dev.landlockstudio.enforcer.host.HostReport;
import dev.landlockstudio.web.cache.BoundedCache;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The host report, asked of the kernel at most once a minute: finding out whether OverlayFS can be mounted mounts
 * one, which a page view or a dry run should not do every time.
 */
@Component
public class HostReports {

    private final BoundedCache<String, HostReport> reports = BoundedCache.expiring(Duration.ofMinutes(1), 1);

    public HostReport current() {
        return reports.get("host", key -> HostInspector.inspect());
    }
}
