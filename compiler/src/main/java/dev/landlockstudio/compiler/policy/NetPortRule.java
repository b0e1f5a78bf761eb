package dev.landlockstudio.compiler.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** A "net port" rule as written in the policy document: each port becomes one kernel rule. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"ports", "allowedAccess", "quiet"})
public record NetPortRule(List<Integer> ports, List<String> allowedAccess, Boolean quiet) {

    public NetPortRule(List<Integer> ports, List<String> allowedAccess) {
        this(ports, allowedAccess, null);
    }
}
