package dev.landlockstudio.compiler.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One thing a compile dropped, masked or could not express.
 *
 * @param code    stable identifier, for tools and documentation (see {@link ReportCode})
 * @param pointer JSON pointer into the policy document: the place the user wrote what this is about
 */
@JsonPropertyOrder({"severity", "code", "pointer", "message"})
public record ReportItem(Severity severity, String code, String pointer, String message) {

    public ReportItem(Severity severity, ReportCode code, String pointer, String message) {
        this(severity, code.code(), pointer, message);
    }
}
