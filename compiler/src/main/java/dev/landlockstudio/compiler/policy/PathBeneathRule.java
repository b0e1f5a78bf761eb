package dev.landlockstudio.compiler.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** A "path beneath" rule as written in the policy document; null fields were omitted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"paths", "allowedAccess", "ifMissing", "quiet", "except"})
public record PathBeneathRule(List<String> paths, List<String> allowedAccess, IfMissing ifMissing, Boolean quiet,
                              List<String> except) {

    public PathBeneathRule(List<String> paths, List<String> allowedAccess) {
        this(paths, allowedAccess, null, null);
    }

    public PathBeneathRule(List<String> paths, List<String> allowedAccess, IfMissing ifMissing, Boolean quiet) {
        this(paths, allowedAccess, ifMissing, quiet, null);
    }
}
