package io.kubeguide.account;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/** Ends the HTTP session, if any, and tells the browser to drop its cookie (Tomcat's invalidate leaves it behind). */
final class SessionEnd {

    private SessionEnd() {}

    static void now(HttpServletRequest request, HttpServletResponse response) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return;
        }
        session.invalidate();
        String name = request.getServletContext().getSessionCookieConfig().getName();
        Cookie gone = new Cookie(name == null ? "JSESSIONID" : name, "");
        String path = request.getContextPath();
        gone.setPath(path.isEmpty() ? "/" : path);
        gone.setMaxAge(0);
        gone.setHttpOnly(true);
        gone.setSecure(request.isSecure());
        response.addCookie(gone);
    }
}
