package dev.landlockstudio.compiler.report;

/** The kinds of report item. Codes are stable: tools and CI jobs match on them. */
public enum ReportCode {
    /** A handled right, scope or flag the ABI or target cannot express: no longer restricted. */
    HANDLED_DROPPED("handled-dropped", true),
    /** A right the target always handles though the policy does not: denied wherever no rule grants it. */
    HANDLED_ADDED("handled-added", true),
    /** refer cannot be handled at ABI 1, where the kernel denies every reparenting anyway. */
    REFER_ABI1("refer-abi1", true),
    /** Rights a rule grants that the ABI or target cannot express. */
    RULE_RIGHTS_DROPPED("rule-rights-dropped", true),
    /** A rule left with no right after the cut. */
    RULE_DROPPED("rule-dropped", true),
    /** Quiet sets or quiet rule marks the ABI or target cannot express. */
    QUIET_DROPPED("quiet-dropped", true),
    /** A restrict-self flag the ABI or target cannot express. */
    FLAG_DROPPED("flag-dropped", true),
    /** Nothing is handled at this ABI and target: no ruleset at all. */
    NOTHING_ENFORCED("nothing-enforced", true),
    /** soft_requirement: something cannot be expressed, so nothing is enforced. */
    NOT_ENFORCED("not-enforced", false),
    /** Directory-only rights removed from a rule on a path known to be a file. */
    FILE_RIGHTS_MASKED("file-rights-masked", false),
    /** A rule with except paths, turned into rules on the entries beside them (the list). */
    EXCEPT_EXPANDED("except-expanded", false),
    /** Entries created later beside an excepted path are not covered by its rule: denied (always said). */
    EXCEPT_NOT_COVERED("except-not-covered", false),
    /** An except path the filesystem view does not have: nothing is excluded for it. */
    EXCEPT_MISSING("except-missing", false),
    /** The target handles missing paths its own way, not as the rule's ifMissing says. */
    IF_MISSING_FIXED("if-missing-fixed", false),
    /** The target's tool, unless best effort, asks for a newer ABI than this one and refuses to run the command. */
    TOOL_NEEDS_ABI("tool-needs-abi", false),
    /** Stacked layers written as one ruleset, their exact intersection, for a target that holds one ruleset. */
    LAYERS_INTERSECTED("layers-intersected", false),
    /** Stacked layers that one ruleset cannot hold exactly, written narrower than the stack (never wider). */
    LAYERS_NARROWED("layers-narrowed", false),

    // Lints: the policy is valid but probably not what its author means.

    /** write_file or make_reg granted without truncate while truncate is handled (landlock-facts.md §2.3). */
    WRITE_WITHOUT_TRUNCATE("write-without-truncate", false),
    /** refer granted where files are created or removed, but not on other such places: moves between them fail (§2.2). */
    REFER_ONE_SIDE("refer-one-side", false),
    /** A handled right no rule grants: denied everywhere (§2.1). */
    NEVER_GRANTED("never-granted", false),
    /** A rule on a path that is (or usually is) a symlink: it binds to the target (§2.8). */
    SYMLINK_RULE("symlink-rule", false),
    /** Directory-only rights on a path that is (or usually is) a file (§1.7). */
    DIRECTORY_RIGHTS_ON_FILE("directory-rights-on-file", false),
    /** A rule whose rights an ancestor's rule already grants (§2.7). */
    COVERED_BY_ANCESTOR("covered-by-ancestor", false),
    /** A rule on an OverlayFS layer, which does not cover the merged view (§2.6). */
    OVERLAY_LAYER_RULE("overlay-layer-rule", false),
    /** TCP rights do not restrict MPTCP (§2.16). */
    TCP_NOT_MPTCP("tcp-not-mptcp", false),
    /** Abstract UNIX socket scoping cuts X11 and D-Bus (§2.15). */
    SCOPE_BREAKS_IPC("scope-breaks-ipc", false),
    /** At some ABI of the policy's range nothing it handles exists, so nothing is enforced there. */
    NOTHING_AT_SOME_ABI("nothing-at-some-abi", false),

    // Risks: the policy does what its author means, but leaves more open than it seems to.

    /** Writing or creating granted on /, /etc, /home, /proc, /sys or /dev. */
    BROAD_GRANT("broad-grant", false),
    /** One tree where files can be written (or created) and executed: a program can run what it wrote. */
    WRITE_AND_EXECUTE("write-and-execute", false),
    /** Rights of the policy's ABI that are not handled: allowed everywhere, whatever the rules say (§2.1). */
    NOT_HANDLED("not-handled", false),
    /** No no_new_privs restrict-self flag where the ABI has it (ABI 11). */
    NO_NEW_PRIVS("no-new-privs", false),
    /** No tsync restrict-self flag where the ABI has it (ABI 8): other threads stay unrestricted (§2.11). */
    NO_TSYNC("no-tsync", false),
    /** A kernel erratum that changes what this policy does on some kernels (landlock-facts.md §1.1). */
    ERRATUM("erratum", false);

    private final String code;
    private final boolean inexpressible;

    ReportCode(String code, boolean inexpressible) {
        this.code = code;
        this.inexpressible = inexpressible;
    }

    public String code() {
        return code;
    }

    /** Whether it means that part of the policy cannot be expressed (what soft and hard requirements react to). */
    public boolean inexpressible() {
        return inexpressible;
    }

    /** Whether a report item's code says part of the policy cannot be expressed. */
    public static boolean inexpressible(String code) {
        for (ReportCode c : values()) {
            if (c.code.equals(code)) {
                return c.inexpressible;
            }
        }
        return false;
    }
}
