package dev.landlockstudio.web.api;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.target.ImportFormat;
import dev.landlockstudio.compiler.target.Target;

/** Query parameters that several endpoints take, checked with messages that say what to send. */
public final class ApiParameters {

    private ApiParameters() {
    }

    public static Target target(String id) {
        if (id == null) {
            throw new BadParameter("target", "say which output to produce: target=" + String.join("|", Target.ids()));
        }
        return Target.byId(id).orElseThrow(() -> new BadParameter("target",
                "unknown target '" + id + "'; expected one of " + String.join(", ", Target.ids())));
    }

    /** {@code abi}, or {@code otherwise} (the policy's own) when it is not given. */
    public static int abi(Integer abi, int otherwise) {
        if (abi == null) {
            return otherwise;
        }
        if (!AbiTable.isKnown(abi)) {
            throw new BadParameter("abi", "unknown Landlock ABI " + abi + "; expected " + AbiTable.oldest() + " to " + AbiTable.newest());
        }
        return abi;
    }

    public static ImportFormat importFormat(String id) {
        if (id == null) {
            throw new BadParameter("from", "say which format the file is in: from=" + String.join("|", ImportFormat.ids()));
        }
        return ImportFormat.byId(id).orElseThrow(() -> new BadParameter("from",
                "unknown format '" + id + "'; expected one of " + String.join(", ", ImportFormat.ids())));
    }
}
