package io.kubeguide.pages;

/**
 * Thrown by a controller when the page asked for does not exist (a lesson, an exercise...). Rendered as the 404 page
 * inside the layout, with the message shown to the reader: write it for them.
 */
public class PageNotFoundException extends RuntimeException {

    public PageNotFoundException(String message) {
        super(message);
    }
}
