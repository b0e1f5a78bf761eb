package dev.landlockstudio.web.system;

import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.web.api.RequestRefused;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/** What a page shows when what it asks for cannot be done: the error page with the reason and its status. */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class PageErrors {

    /** Every refusal, a feature's own included (not found, a policy's conflicts). */
    @ExceptionHandler(RequestRefused.class)
    ModelAndView refused(RequestRefused e) {
        return page(e.status(), e.getMessage());
    }

    @ExceptionHandler(InvalidDocumentException.class)
    ModelAndView invalid(InvalidDocumentException e) {
        return page(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
    }

    private static ModelAndView page(HttpStatus status, String message) {
        ModelAndView page = new ModelAndView("error", status);
        page.addObject("status", status.value());
        page.addObject("error", status.getReasonPhrase());
        page.addObject("message", message);
        return page;
    }
}
