package dev.landlockstudio.compiler.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import java.util.List;

/**
 * The policy document, field for field as written (see policy.schema.json). Null means the field was
 * omitted and its default applies; {@link ResolvedPolicy} holds the meaning.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"$schema", "name", "description", "extends", "abi", "compatibility", "handledAccessFs", "handledAccessNet",
        "scoped", "quietAccessFs", "quietAccessNet", "quietScoped", "pathBeneath", "netPort", "restrictSelf"})
public record Policy(
        @JsonProperty("$schema") String schema,
        String name,
        String description,
        Integer abi,
        Compatibility compatibility,
        List<String> handledAccessFs,
        List<String> handledAccessNet,
        List<String> scoped,
        List<String> quietAccessFs,
        List<String> quietAccessNet,
        List<String> quietScoped,
        List<PathBeneathRule> pathBeneath,
        List<NetPortRule> netPort,
        List<String> restrictSelf,
        @JsonProperty("extends") List<String> bases) {

    /** A document that extends no base policy. */
    public Policy(String schema, String name, String description, Integer abi, Compatibility compatibility,
                  List<String> handledAccessFs, List<String> handledAccessNet, List<String> scoped, List<String> quietAccessFs,
                  List<String> quietAccessNet, List<String> quietScoped, List<PathBeneathRule> pathBeneath,
                  List<NetPortRule> netPort, List<String> restrictSelf) {
        this(schema, name, description, abi, compatibility, handledAccessFs, handledAccessNet, scoped, quietAccessFs,
                quietAccessNet, quietScoped, pathBeneath, netPort, restrictSelf, null);
    }

    /** The names of the base policies this one extends, in order; empty when it extends none. */
    public List<String> baseNames() {
        return bases == null ? List.of() : bases;
    }

    /** The ABI the document is written for: {@code abi}, or the newest known when it is omitted. */
    public int abiOrDefault() {
        return abi == null ? AbiTable.newest() : abi;
    }

    /** This document with other rules (null omits a list), everything else as written. */
    public Policy withRules(List<PathBeneathRule> pathBeneath, List<NetPortRule> netPort) {
        return new Policy(schema, name, description, abi, compatibility, handledAccessFs, handledAccessNet, scoped,
                quietAccessFs, quietAccessNet, quietScoped, pathBeneath, netPort, restrictSelf, bases);
    }

    /** This document with other landlock_restrict_self flags, everything else as written. */
    public Policy withRestrictSelf(List<String> flags) {
        return new Policy(schema, name, description, abi, compatibility, handledAccessFs, handledAccessNet, scoped,
                quietAccessFs, quietAccessNet, quietScoped, pathBeneath, netPort, flags, bases);
    }

    /** The list of handled names of a kind, or null when omitted. */
    public List<String> handled(RightKind kind) {
        return switch (kind) {
            case FS -> handledAccessFs;
            case NET -> handledAccessNet;
            case SCOPE -> scoped;
            case RESTRICT_FLAG -> restrictSelf;
        };
    }

    /** The quiet list of a kind, or null when omitted; restrict flags have none. */
    public List<String> quiet(RightKind kind) {
        return switch (kind) {
            case FS -> quietAccessFs;
            case NET -> quietAccessNet;
            case SCOPE -> quietScoped;
            case RESTRICT_FLAG -> null;
        };
    }

    /** The document key of a kind's quiet list. */
    public static String quietKey(RightKind kind) {
        return switch (kind) {
            case FS -> "quietAccessFs";
            case NET -> "quietAccessNet";
            case SCOPE -> "quietScoped";
            case RESTRICT_FLAG -> throw new IllegalArgumentException("restrict flags have no quiet list");
        };
    }
}
