package dev.landlockstudio.compiler.testing;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.AccessGroup;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.lowering.Vocabulary;
import dev.landlockstudio.compiler.policy.Compatibility;
import dev.landlockstudio.compiler.policy.IfMissing;
import dev.landlockstudio.compiler.policy.NetPortRule;
import dev.landlockstudio.compiler.policy.PathBeneathRule;
import dev.landlockstudio.compiler.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random valid policies for property tests, drawn from a seed so any failure can be replayed. Rights are
 * drawn from a vocabulary, so a generator for one format produces only what that format can say.
 */
public final class PolicyGenerator {

    private static final List<String> PATHS = List.of("/usr", "/usr/lib", "/etc", "/etc/hosts", "/srv/www", "/tmp",
            "/var/log/app", "/home/user/a b", "/opt/ü", "/dev/null", "/run/db.sock");
    private static final List<String> GROUPS_FS = List.of("abi.all", "abi.read_execute", "abi.read_write");

    private final Random random;
    private final Vocabulary vocabulary;
    private final List<Compatibility> compatibilities;
    private final IfMissing ifMissing;

    /**
     * @param ifMissing every rule's ifMissing, or null to draw it
     */
    public PolicyGenerator(long seed, Vocabulary vocabulary, List<Compatibility> compatibilities, IfMissing ifMissing) {
        this.random = new Random(seed);
        this.vocabulary = vocabulary;
        this.compatibilities = compatibilities;
        this.ifMissing = ifMissing;
    }

    /** Any valid policy the kernel vocabulary allows, with groups and defaults mixed in. */
    public static PolicyGenerator anyPolicy(long seed) {
        return new PolicyGenerator(seed, Target.NATIVE.vocabulary(), List.of(Compatibility.values()), null);
    }

    /** Policies whose every part the format of {@code vocabulary} can express at the policy's own abi. */
    public static PolicyGenerator expressibleIn(long seed, Vocabulary vocabulary, List<Compatibility> compatibilities,
                                                IfMissing ifMissing) {
        return new PolicyGenerator(seed, vocabulary, compatibilities, ifMissing);
    }

    public Policy next() {
        int abi = 1 + random.nextInt(AbiTable.newest());
        if (vocabulary.alwaysStrict()) {
            // A consumer with no best-effort mode runs nothing below the ABI it asks for.
            abi = Math.max(abi, vocabulary.strictAbi());
        }
        boolean kernelVocabulary = vocabulary.quiet();
        // A format that always handles some fs rights can express only policies that handle them.
        List<String> fs = vocabulary.alwaysHandledFs() != 0
                ? names(RightKind.FS, vocabulary.alwaysHandledFs() & AbiTable.mask(RightKind.FS, abi))
                : subset(RightKind.FS, abi, kernelVocabulary);
        List<String> net = subset(RightKind.NET, abi, kernelVocabulary);
        List<String> scoped = subset(RightKind.SCOPE, abi, kernelVocabulary);
        if (fs.isEmpty() && net.isEmpty() && scoped.isEmpty()) {
            fs = vocabulary.handledWhole(RightKind.FS) != 0 ? whole(RightKind.FS, abi)
                    : List.of(AbiTable.names(RightKind.FS, 1L << random.nextInt(13)).get(0));
        }
        long handledFs = mask(RightKind.FS, fs, abi);
        long handledNet = mask(RightKind.NET, net, abi);
        List<PathBeneathRule> pathRules = new ArrayList<>();
        IfMissing oneIfMissing = random.nextBoolean() ? IfMissing.SKIP : null;
        for (int i = random.nextInt(6); i > 0 && handledFs != 0; i--) {
            List<String> paths = new ArrayList<>();
            for (int j = 1 + random.nextInt(3); j > 0; j--) {
                paths.add(PATHS.get(random.nextInt(PATHS.size())));
            }
            IfMissing missing = ifMissing != null ? ifMissing : vocabulary.oneIfMissing() ? oneIfMissing
                    : random.nextBoolean() ? IfMissing.SKIP : null;
            long rights = vocabulary.fsGrants().isEmpty() ? pick(handledFs) : pickGrants(handledFs, abi);
            pathRules.add(new PathBeneathRule(paths, names(RightKind.FS, rights), missing, null));
        }
        List<NetPortRule> portRules = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0 && handledNet != 0; i--) {
            List<Integer> ports = new ArrayList<>();
            for (int j = 1 + random.nextInt(3); j > 0; j--) {
                ports.add(random.nextInt(4) == 0 ? random.nextInt(65536) : List.of(0, 22, 53, 80, 443, 65535).get(random.nextInt(6)));
            }
            portRules.add(new NetPortRule(ports, names(RightKind.NET, pick(handledNet))));
        }
        List<String> flags = kernelVocabulary ? names(RightKind.RESTRICT_FLAG, AbiTable.mask(RightKind.RESTRICT_FLAG, abi) & random.nextLong()) : null;
        Compatibility compatibility = compatibilities.get(random.nextInt(compatibilities.size()));
        if (abi < vocabulary.strictAbi() && compatibilities.contains(Compatibility.BEST_EFFORT)) {
            // Below the ABI its consumer asks for unless best effort, only best effort runs there.
            compatibility = Compatibility.BEST_EFFORT;
        }
        return new Policy(null, "generated", null, abi, compatibility, fs, net, scoped, null, null, null,
                pathRules, portRules, flags == null || flags.isEmpty() ? null : flags);
    }

    /**
     * A union of the format's whole grant sets, cut to what is handled, as a rule of the format grants; where the
     * consumer applies nothing for a rule asking for refer the ABI lacks, only sets without refer.
     */
    private long pickGrants(long handledFs, int abi) {
        long refer = AbiTable.right(RightKind.FS, "refer").orElseThrow().value();
        boolean noRefer = vocabulary.referOrNothing() && (AbiTable.mask(RightKind.FS, abi) & refer) == 0;
        List<Long> grants = vocabulary.fsGrants().stream().filter(g -> !noRefer || (g & refer) == 0)
                .map(g -> g & handledFs).filter(g -> g != 0).toList();
        long rights = grants.get(random.nextInt(grants.size()));
        for (long grant : grants) {
            rights |= random.nextBoolean() ? grant : 0;
        }
        return rights;
    }

    /** A random handled list of one kind: sometimes a group (kernel vocabulary only), else names. */
    private List<String> subset(RightKind kind, int abi, boolean groupsAllowed) {
        if (vocabulary.handledWhole(kind) != 0) {
            return random.nextBoolean() ? whole(kind, abi) : List.of();
        }
        long known = AbiTable.mask(kind, abi) & vocabulary.known(kind);
        if (groupsAllowed && kind == RightKind.FS && random.nextInt(4) == 0) {
            return List.of(GROUPS_FS.get(random.nextInt(GROUPS_FS.size())));
        }
        if (groupsAllowed && random.nextInt(4) == 0) {
            return List.of("abi.all");
        }
        return names(kind, known & random.nextLong());
    }

    /** Every right of {@code kind} the format handles together, as far as the ABI has them. */
    private List<String> whole(RightKind kind, int abi) {
        return names(kind, vocabulary.handledWhole(kind) & AbiTable.mask(kind, abi));
    }

    private long mask(RightKind kind, List<String> names, int abi) {
        long mask = 0;
        for (String name : names) {
            mask |= name.startsWith("abi.")
                    ? AccessGroup.named(name).orElseThrow().expand(kind, abi)
                    : AbiTable.right(kind, name).orElseThrow().value();
        }
        return mask;
    }

    /** A non-empty random subset of {@code mask}. */
    private long pick(long mask) {
        long picked = mask & random.nextLong();
        return picked != 0 ? picked : Long.lowestOneBit(mask);
    }

    private static List<String> names(RightKind kind, long mask) {
        return AbiTable.names(kind, mask);
    }
}
