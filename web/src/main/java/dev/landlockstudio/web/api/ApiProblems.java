package dev.landlockstudio.web.api;

import dev.landlockstudio.compiler.policy.InvalidDocumentException;
import dev.landlockstudio.web.policy.PolicyConflict;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Errors of the REST API as application/problem+json (RFC 9457). A document's problems are listed each with its JSON
 * pointer ({@code problems: [{pointer, message}]}); a bad parameter names the parameter.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ApiProblems extends ResponseEntityExceptionHandler {

    private static final String TYPES = "https://landlockstudio.dev/problems/";
    private static final Logger LOG = LoggerFactory.getLogger(ApiProblems.class);

    @ExceptionHandler(InvalidDocumentException.class)
    ProblemDetail invalidDocument(InvalidDocumentException e) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-document", "The document is not valid",
                e.problems().size() == 1 ? e.problems().get(0).toString() : e.problems().size() + " problems; see problems");
        problem.setProperty("problems", e.problems().stream()
                .map(p -> Map.of("pointer", p.pointer(), "message", p.message())).toList());
        return problem;
    }

    @ExceptionHandler(BadParameter.class)
    ProblemDetail badParameter(BadParameter e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "bad-parameter", "A parameter cannot be used", e.getMessage());
        problem.setProperty("parameter", e.parameter());
        return problem;
    }

    @ExceptionHandler(RequestRefused.class)
    ProblemDetail refused(RequestRefused e) {
        return problem(e.status(), e.type(), e.status().getReasonPhrase(), e.getMessage());
    }

    @ExceptionHandler(PolicyConflict.class)
    ProblemDetail policyConflict(PolicyConflict e) {
        HttpStatus status = HttpStatus.valueOf(e.kind().status());
        ProblemDetail problem = problem(status, e.kind().name().toLowerCase().replace('_', '-'), status.getReasonPhrase(), e.getMessage());
        if (e.latestVersion() != null) {
            problem.setProperty("latestVersion", e.latestVersion());
        }
        return problem;
    }

    /** A bug: logged with its stack, answered in the API's own shape without the details. */
    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        LOG.error("unexpected failure of an API call", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal Server Error",
                "the server failed unexpectedly; the log has the details");
    }

    /** A problem of the given type; filters outside MVC (authentication, size limits) use it too. */
    public static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPES + type));
        problem.setTitle(title);
        return problem;
    }
}
