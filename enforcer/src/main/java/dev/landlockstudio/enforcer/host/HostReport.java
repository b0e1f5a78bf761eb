package dev.landlockstudio.enforcer.host;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

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
}
