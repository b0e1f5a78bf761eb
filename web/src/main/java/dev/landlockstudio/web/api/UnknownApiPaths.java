package dev.landlockstudio.web.api;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.NoHandlerFoundException;

/**
 * A path under /api/ that no endpoint serves gets a problem that points to the API's description; other unknown
 * paths go on to the error page.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnknownApiPaths {

    @ExceptionHandler(NoHandlerFoundException.class)
    ProblemDetail notFound(NoHandlerFoundException e, HttpServletRequest request) throws NoHandlerFoundException {
        if (!request.getRequestURI().startsWith("/api/")) {
            throw e;
        }
        return ApiProblems.problem(HttpStatus.NOT_FOUND, "no-endpoint", "Not Found", "no endpoint serves "
                + request.getMethod() + " " + request.getRequestURI() + "; the endpoints are listed at /api-docs and /api/openapi.json");
    }
}
