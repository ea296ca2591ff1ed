package io.kubeguide.web;

import io.kubeguide.exercise.ScriptSubmissions;
import io.kubeguide.limits.BodyTooLargeException;
import io.kubeguide.limits.GuideLimits;
import io.kubeguide.metrics.GuideMetrics;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of every endpoint: a body larger than the limit ({@code guide.limits.submission-body} for the grading API,
 * {@code guide.limits.request-body} elsewhere) gets 413 and is never read. A declared {@code Content-Length} over the
 * limit is refused before the first byte of the body; a chunked body is counted while it streams and the read fails
 * at the first byte past the limit ({@link BodyTooLargeException}, answered 413 by {@link WebErrorAdvice}). Form bodies
 * that Tomcat parses itself are bounded by {@code server.tomcat.max-http-form-post-size}.
 */
public class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final long requestBody;
    private final long submissionBody;

    public RequestSizeLimitFilter(GuideLimits limits) {
        this.requestBody = limits.requestBody().toBytes();
        this.submissionBody = limits.submissionBody().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = isApi(request) ? submissionBody : requestBody;
        if (request.getContentLengthLong() > limit) {
            refuse(request, response, limit);
            return;
        }
        chain.doFilter(new LimitedRequest(request, limit), response);
    }

    private static boolean isApi(HttpServletRequest request) {
        return request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }

    /** 413 with a sentence, and the connection closed so that the rest of the body is not read either. */
    static void refuse(HttpServletRequest request, HttpServletResponse response, long limit) throws IOException {
        GuideMetrics.refused("body-too-large");
        response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
        response.setHeader(HttpHeaders.CONNECTION, "close");
        String sentence = BodyTooLargeException.sentence(limit);
        byte[] body;
        if (isApi(request) || ScriptSubmissions.MATCHER.matches(request)) {
            response.setContentType("application/problem+json");
            body = ("{\"title\":\"Request too large\",\"status\":413,\"detail\":\"" + sentence + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
        } else {
            response.setContentType("text/plain;charset=UTF-8");
            body = sentence.getBytes(StandardCharsets.UTF_8);
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    /** Counts the bytes read and fails past the limit. */
    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class LimitedStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long count;

        LimitedStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            // never more than one byte past the limit, so that an oversized body is noticed without reading it
            int n = in.read(buffer, offset, (int) Math.min(length, Math.max(1, limit + 1 - count)));
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws IOException {
            count += n;
            if (count > limit) {
                GuideMetrics.refused("body-too-large");
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
