package dev.landlockstudio.compiler.probe;

import dev.landlockstudio.compiler.abi.AccessRight;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Accesses that exercise a policy at its boundaries: each handled right just beneath each rule's path, each except
 * path, and a path no rule covers, each rule's port and a port no rule lists, and each scope.
 */
public final class Probes {

    /** A path under no rule of any policy, for what the policy denies. */
    public static final String OUTSIDE = "/landlock-studio-outside";
    private static final String CHILD = "probe";

    private Probes() {
    }

    public static List<AccessRequest> of(ResolvedPolicy policy) {
        Set<String> places = new LinkedHashSet<>(policy.namedPaths());
        places.add(OUTSIDE);
        List<String> placeList = List.copyOf(places);
        // Each handled right's operation, found once rather than once per place.
        List<Operation> fsOperations = policy.handled(RightKind.FS).rights().stream()
                .map(right -> right.name().equals("refer") ? Operation.RENAME : Operation.named(right.name()).orElseThrow())
                .toList();
        List<AccessRequest> probes = new ArrayList<>(placeList.size() * fsOperations.size());
        for (int i = 0; i < placeList.size(); i++) {
            String place = placeList.get(i);
            String child = place.equals("/") ? "/" + CHILD : place + "/" + CHILD;
            for (Operation operation : fsOperations) {
                if (operation == Operation.RENAME) {
                    String other = placeList.get((i + 1) % placeList.size());
                    probes.add(AccessRequest.move(Operation.RENAME, child, (other.equals("/") ? "" : other) + "/" + CHILD + "-moved"));
                } else if (operation == Operation.READ_DIR) {
                    probes.add(AccessRequest.onPath(Operation.READ_DIR, place));
                } else {
                    probes.add(AccessRequest.onPath(operation, child));
                }
            }
        }
        Set<Integer> ports = new TreeSet<>();
        policy.portRules().forEach(rule -> ports.addAll(rule.ports()));
        int unlisted = 1;
        while (ports.contains(unlisted)) {
            unlisted++;
        }
        ports.add(unlisted);
        for (int port : ports) {
            for (AccessRight right : policy.handled(RightKind.NET).rights()) {
                probes.add(AccessRequest.onPort(Operation.named(right.name()).orElseThrow(), port));
            }
        }
        for (AccessRight right : policy.handled(RightKind.SCOPE).rights()) {
            probes.add(AccessRequest.outside(Operation.named(right.name()).orElseThrow()));
        }
        return probes;
    }

    /** A probe in a few words, for reports. */
    public static String describe(AccessRequest probe) {
        return switch (probe.operation().target()) {
            case PATH, PARENT -> probe.operation().documentName() + " " + probe.path();
            case TWO_PATHS -> probe.operation().documentName() + " " + probe.path() + " to " + probe.destination();
            case PORT -> probe.operation().documentName() + " port " + probe.port();
            case SCOPE -> probe.operation().documentName() + " outside the domain";
        };
    }
}
