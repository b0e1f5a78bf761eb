package dev.landlockstudio.web.api;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.NoHandlerFoundException;

/**
 * A request under /api/ that no endpoint takes (no endpoint at its path, none for its method, or none for its
 * Content-Type) gets a problem that says so and points to the API's description; other paths go on to the error page.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnknownApiPaths {

    private static final String SEE = "; the endpoints are listed at /api-docs and /api/openapi.json";

    @ExceptionHandler(NoHandlerFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NoHandlerFoundException e, HttpServletRequest request) throws NoHandlerFoundException {
        if (!isApi(request)) {
            throw e;
        }
        return answer(HttpStatus.NOT_FOUND, "no-endpoint", "no endpoint serves " + request.getMethod() + " "
                + request.getRequestURI() + SEE);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> methodNotAllowed(HttpRequestMethodNotSupportedException e, HttpServletRequest request)
            throws HttpRequestMethodNotSupportedException {
        if (!isApi(request)) {
            throw e;
        }
        return answer(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", request.getRequestURI() + " takes "
                + String.join(", ", e.getSupportedMethods() == null ? new String[0] : e.getSupportedMethods())
                + ", not " + request.getMethod() + SEE);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> unsupportedMediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request)
            throws HttpMediaTypeNotSupportedException {
        if (!isApi(request)) {
            throw e;
        }
        return answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "send the body as JSON in UTF-8 with"
                + " Content-Type: application/json, not " + (request.getContentType() == null ? "no Content-Type"
                : "\"" + request.getContentType() + "\""));
    }

    private static boolean isApi(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/api/");
    }

    private static ResponseEntity<ProblemDetail> answer(HttpStatus status, String type, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ApiProblems.problem(status, type, status.getReasonPhrase(), detail));
    }
}
