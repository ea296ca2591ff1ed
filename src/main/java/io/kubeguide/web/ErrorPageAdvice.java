package io.kubeguide.web;

import io.kubeguide.pages.PageNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Pages that do not exist get the 404 page inside the layout, right from the controller (other errors go through
 * Spring Boot's error controller to {@code templates/error/*.html}, also inside the layout; never a stack trace).
 */
@ControllerAdvice
class ErrorPageAdvice {

    private final LayoutModel layout;

    ErrorPageAdvice(LayoutModel layout) {
        this.layout = layout;
    }

    @ExceptionHandler(PageNotFoundException.class)
    ModelAndView pageNotFound(PageNotFoundException e) {
        return notFound(e.getMessage());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ModelAndView noResource(NoResourceFoundException e) {
        return notFound(null);
    }

    private ModelAndView notFound(String message) {
        ModelAndView mav = new ModelAndView("error/404", layout.attributes(), HttpStatus.NOT_FOUND);
        mav.addObject("status", 404);
        mav.addObject("error", "Not Found");
        if (message != null) {
            mav.addObject("message", message);
        }
        return mav;
    }
}
