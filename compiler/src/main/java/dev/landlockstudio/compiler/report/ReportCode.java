package dev.landlockstudio.compiler.report;

/** The kinds of report item. Codes are stable: tools and CI jobs match on them. */
public enum ReportCode {
    /** A handled right, scope or flag the ABI or target cannot express: no longer restricted. */
    HANDLED_DROPPED("handled-dropped", true),
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
    /** The target handles missing paths its own way, not as the rule's ifMissing says. */
    IF_MISSING_FIXED("if-missing-fixed", false);

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
}
