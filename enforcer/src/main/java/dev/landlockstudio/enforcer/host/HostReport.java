package dev.landlockstudio.enforcer.host;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.landlockstudio.compiler.abi.AbiTable;

/**
 * What this host offers: the kernel, its Landlock ABI (or why there is none), errata, and whether this process can
 * mount OverlayFS (or why not).
 *
 * @param abi                 null when Landlock is unavailable
 * @param landlockUnavailable why there is no Landlock, else null
 * @param overlay             why OverlayFS cannot be mounted, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"kernel", "abi", "errata", "landlockUnavailable", "overlayMountable", "overlay"})
public record HostReport(String kernel, Integer abi, Integer errata, String landlockUnavailable, boolean overlayMountable,
                         String overlay) {

    /**
     * The newest ABI this host can run that the ABI table knows: the host's, at most the newest known (a newer kernel's
     * rights have no name here yet). Without Landlock nothing narrows it: the newest known.
     */
    @JsonIgnore
    public int newestAbi() {
        return abi == null ? AbiTable.newest() : Math.min(abi, AbiTable.newest());
    }
}
