package io.kubeguide.web;

import io.kubeguide.limits.BudgetSpentException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/** Pages: a spent budget is the error page with status 429, a {@code Retry-After} and the sentence saying why. */
@ControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class WebErrorAdvice {

    private final LayoutModel layout;

    WebErrorAdvice(LayoutModel layout) {
        this.layout = layout;
    }

    @ExceptionHandler(BudgetSpentException.class)
    ModelAndView budgetSpent(BudgetSpentException e, HttpServletResponse response) {
        response.setHeader(
                HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfter().toSeconds()));
        ModelAndView mav = new ModelAndView("error", layout.attributes(), HttpStatus.TOO_MANY_REQUESTS);
        mav.addObject("status", 429);
        mav.addObject("error", "Too Many Requests");
        mav.addObject("message", e.getMessage());
        return mav;
    }
}
