package dev.landlockstudio.compiler.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One thing a compile dropped, masked or could not express, or a lint.
 *
 * @param code    stable identifier, for tools and documentation (see {@link ReportCode})
 * @param pointer JSON pointer into the policy document: the place the user wrote what this is about
 * @param fix     a mechanical fix, when there is one; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"severity", "code", "pointer", "message", "fix"})
public record ReportItem(Severity severity, String code, String pointer, String message, Fix fix) {

    public ReportItem(Severity severity, String code, String pointer, String message) {
        this(severity, code, pointer, message, null);
    }

    public ReportItem(Severity severity, ReportCode code, String pointer, String message) {
        this(severity, code.code(), pointer, message, null);
    }

    public ReportItem(Severity severity, ReportCode code, String pointer, String message, Fix fix) {
        this(severity, code.code(), pointer, message, fix);
    }
}
