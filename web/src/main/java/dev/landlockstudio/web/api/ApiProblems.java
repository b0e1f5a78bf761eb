package dev.landlockstudio.web.api;

import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import java.net.URI;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
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

    /** Every refusal, a feature's own included: its status, type and message, and what else it carries. */
    @ExceptionHandler(RequestRefused.class)
    ProblemDetail refused(RequestRefused e) {
        ProblemDetail problem = problem(e.status(), e.type(), e.status().getReasonPhrase(), e.getMessage());
        e.properties().forEach(problem::setProperty);
        return problem;
    }

    /** A query or path parameter that is not of its type ({@code abi=1e30}, {@code version=seven}). */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers, HttpStatusCode status,
                                                        WebRequest request) {
        String name = e instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName() : e.getPropertyName();
        Class<?> type = e.getRequiredType();
        String expected = type == Integer.class || type == int.class ? "an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE
                : type == Boolean.class || type == boolean.class ? "true or false" : "a value of another form";
        return badParameter(new BadParameter(name, "must be " + expected + ", not " + quoted(e.getValue())), headers);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
                                                                          HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return badParameter(new BadParameter(e.getParameterName(), "the parameter " + e.getParameterName() + " is required"), headers);
    }

    /** No body, or one that cannot be read as text: a document problem at its root. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        return new ResponseEntity<>(invalidDocument(new InvalidDocumentException("", "the request has no readable body:"
                + " send a JSON document as UTF-8 with Content-Type: application/json")), problemJson(headers), HttpStatus.UNPROCESSABLE_CONTENT);
    }

    /** Every problem this class answers is application/problem+json, whatever the request asked for. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        return new ResponseEntity<>(body, body instanceof ProblemDetail ? problemJson(headers) : headers, statusCode);
    }

    private ResponseEntity<Object> badParameter(BadParameter e, HttpHeaders headers) {
        return new ResponseEntity<>(badParameter(e), problemJson(headers), HttpStatus.BAD_REQUEST);
    }

    private static HttpHeaders problemJson(HttpHeaders headers) {
        HttpHeaders copy = new HttpHeaders();
        copy.putAll(headers);
        copy.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return copy;
    }

    /** A value as sent, cut short: a message never repeats a whole huge parameter. */
    private static String quoted(Object value) {
        String text = String.valueOf(value);
        return "\"" + (text.length() > 100 ? text.substring(0, 100) + "..." : text) + "\"";
    }

    /** A bug: logged with its stack, answered in the API's own shape without the details. */
    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        LOG.error("unexpected failure of an API call", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal Server Error",
                "the server failed unexpectedly; the log has the details");
    }

    /** A problem of the given type; filters outside MVC write theirs through {@link ProblemResponses}. */
    public static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPES + type));
        problem.setTitle(title);
        return problem;
    }
}
