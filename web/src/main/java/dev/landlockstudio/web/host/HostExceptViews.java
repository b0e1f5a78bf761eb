package dev.landlockstudio.web.host;

import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.enforcer.host.HostFsView;
import dev.landlockstudio.web.api.RequestRefused;
import java.io.IOException;
import org.springframework.http.HttpStatus;

/**
 * This host's view of what a policy's except paths expand against, for what shows the policy on this host (its
 * picture, explain). Entries are only looked at, never opened or followed. Exports are meant for other machines and
 * never take it: there an except path is a problem that says so.
 */
public final class HostExceptViews {

    private HostExceptViews() {
    }

    /** The view, or the empty one when the policy has no except path. */
    public static FsView of(ResolvedPolicy policy) {
        if (!policy.hasExcepts()) {
            return FsView.empty();
        }
        try {
            return HostFsView.ofExcepts(policy);
        } catch (IOException e) {
            throw new RequestRefused(HttpStatus.SERVICE_UNAVAILABLE, "host-unreadable",
                    "cannot read this host's filesystem beside the except paths: " + e.getMessage());
        }
    }
}
