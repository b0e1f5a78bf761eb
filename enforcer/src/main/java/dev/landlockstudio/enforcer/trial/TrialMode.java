package dev.landlockstudio.enforcer.trial;

import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.enforcer.command.ConfinedCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Where a {@link Trial} tries the policy, with what each place needs. {@code given} null means the generated probes. */
public sealed interface TrialMode {

    /** The policy's paths recreated in a temporary tree: every access, destructive ones too. */
    record Scratch(List<AccessRequest> given) implements TrialMode {
    }

    /** The host's own paths, with accesses that change nothing: given probes may only be {@link ProbeSpec#HARMLESS}. */
    record Host(List<AccessRequest> given) implements TrialMode {
        public Host {
            if (given != null) {
                given.forEach(Host::requireHarmless);
            }
        }

        /** Refuses (IllegalArgumentException) a probe that would change what it touches on the host's own paths. */
        public static void requireHarmless(AccessRequest probe) {
            if (!ProbeSpec.HARMLESS.contains(probe.operation())) {
                throw new IllegalArgumentException(probe.operation().documentName() + " changes what it touches: try it"
                        + " in a scratch tree or through an overlay, not on the host's own paths");
            }
        }
    }

    /** Through OverlayFS mounts whose lower layer is {@code lower} (absolute), which is only ever read. */
    record Overlay(Path lower, List<AccessRequest> given) implements TrialMode {
    }

    /** A command run confined by the policy; {@code environment} is added to its minimal one. */
    record Command(List<String> command, Map<String, String> environment, ConfinedCommand.Limits limits) implements TrialMode {
    }
}
