package dev.landlockstudio.compiler.abi;

/** The four families of bits a Landlock ruleset carries, each in its own field of the kernel's structs. */
public enum RightKind {
    /** {@code handled_access_fs}, {@code landlock_path_beneath_attr.allowed_access}. */
    FS("handledAccessFs"),
    /** {@code handled_access_net}, {@code landlock_net_port_attr.allowed_access}. */
    NET("handledAccessNet"),
    /** {@code scoped}: IPC scopes, which take no rules. */
    SCOPE("scoped"),
    /** {@code landlock_restrict_self} flags. */
    RESTRICT_FLAG("restrictSelf");

    private final String policyKey;

    RightKind(String policyKey) {
        this.policyKey = policyKey;
    }

    /** The policy document's key that lists this kind. */
    public String policyKey() {
        return policyKey;
    }
}
