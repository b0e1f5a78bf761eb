package dev.landlockstudio.web.dryrun;

import dev.landlockstudio.compiler.abi.AccessRight;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.probe.Probes;
import dev.landlockstudio.enforcer.trial.ProbeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A dry run's probes placed by what in the policy they exercise: one group per rule (a path's probe goes to the rule
 * with the deepest path holding it, a port's to the rule listing it), then what no rule covers (denied by default),
 * ports no rule lists, and scopes. Each probe also gets a short label for its cell, the full line staying its title.
 */
final class ProbeGroups {

    /** @param key {@code group} of the rows it holds: the rule's pointer, or outside, network, scopes */
    record Group(String key, String title, String about) {
    }

    /** Where a row goes and how its cell reads. */
    record Place(String group, String cell) {
    }

    static final String OUTSIDE = "outside";
    static final String NETWORK = "network";
    static final String SCOPES = "scopes";

    private final ResolvedPolicy policy;
    private final List<Group> groups = new ArrayList<>();

    private ProbeGroups(ResolvedPolicy policy) {
        this.policy = policy;
        for (ResolvedPolicy.PathRule rule : policy.pathRules()) {
            groups.add(new Group(rule.pointer(), String.join(", ", rule.paths()), rule.pointer() + " allows " + rights(rule.allowed().rights())));
        }
        for (ResolvedPolicy.PortRule rule : policy.portRules()) {
            groups.add(new Group(rule.pointer(), "port " + rule.ports().stream().map(String::valueOf).collect(Collectors.joining(", ")),
                    rule.pointer() + " allows " + rights(rule.allowed().rights())));
        }
        groups.add(new Group(OUTSIDE, "Paths no rule covers", "denied by default: no rule grants a handled right there"));
        groups.add(new Group(NETWORK, "Ports no rule lists", "denied by default for the handled network rights"));
        groups.add(new Group(SCOPES, "Scopes", "what the domain may not reach outside itself"));
    }

    static ProbeGroups of(ResolvedPolicy policy) {
        return new ProbeGroups(policy);
    }

    /** Every group, rules in the document's order; a page shows those that hold rows. */
    List<Group> groups() {
        return groups;
    }

    /** The place of a row's probe, from its spec (as {@link ProbeSpec#format} writes it) and its full line. */
    Place place(String spec, String probe) {
        AccessRequest access;
        try {
            access = ProbeSpec.parse(spec);
        } catch (IllegalArgumentException e) {
            // A spec cut to its column's width: nothing to place it by.
            return new Place(OUTSIDE, probe);
        }
        String op = access.operation().documentName();
        // What a trial adds before the access (the overlay's "rules on lower, via merged: ") stays in front of it.
        String described = Probes.describe(access);
        String label = probe.endsWith(described) ? probe.substring(0, probe.length() - described.length()) : "";
        return switch (access.operation().target()) {
            case SCOPE -> new Place(SCOPES, label + op);
            case PORT -> new Place(policy.portRules().stream().filter(rule -> rule.ports().contains(access.port()))
                    .map(ResolvedPolicy.PortRule::pointer).findFirst().orElse(NETWORK), label + op + " " + access.port());
            case PATH, PARENT, TWO_PATHS -> new Place(ruleHolding(access.path()), label + op + " " + shortened(access.path())
                    + (access.destination() == null ? "" : " \u2192 " + shortened(access.destination())));
        };
    }

    /** The rule whose path holds {@code path} most closely (the first of equals), else outside. */
    private String ruleHolding(String path) {
        String best = OUTSIDE;
        int depth = -1;
        for (ResolvedPolicy.PathRule rule : policy.pathRules()) {
            for (String rulePath : rule.paths()) {
                boolean holds = rulePath.equals("/") || path.equals(rulePath) || path.startsWith(rulePath + "/");
                if (holds && rulePath.length() > depth) {
                    best = rule.pointer();
                    depth = rulePath.length();
                }
            }
        }
        return best;
    }

    /** The last two components of a longer path, after an ellipsis: enough to tell cells apart under their rule. */
    static String shortened(String path) {
        String[] parts = path.split("/");
        return parts.length <= 3 ? path : "\u2026/" + parts[parts.length - 2] + "/" + parts[parts.length - 1];
    }

    private static String rights(List<AccessRight> rights) {
        return rights.isEmpty() ? "nothing" : rights.stream().map(AccessRight::name).collect(Collectors.joining(", "));
    }
}
