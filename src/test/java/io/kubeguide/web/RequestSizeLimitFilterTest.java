package io.kubeguide.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubeguide.limits.BodyTooLargeException;
import io.kubeguide.limits.GuideLimits;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

class RequestSizeLimitFilterTest {

    private final RequestSizeLimitFilter filter = new RequestSizeLimitFilter(new GuideLimits(
            DataSize.ofKilobytes(8), DataSize.ofKilobytes(4), null, null, null, null, null, null, null, null));

    /** A body without Content-Length (chunked) that never ends; counts what is taken from it. */
    private static MockHttpServletRequest endless(String uri, AtomicLong taken) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", uri) {
            @Override
            public ServletInputStream getInputStream() {
                return new ServletInputStream() {
                    @Override
                    public int read() {
                        taken.incrementAndGet();
                        return 'x';
                    }

                    @Override
                    public boolean isFinished() {
                        return false;
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {}
                };
            }

            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        request.setContentType("application/yaml");
        return request;
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedWithoutCallingTheApplication() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/exercises/x/submissions");
        request.setContentType("application/yaml");
        request.setContent(new byte[4 * 1024 + 1]);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        assertThat(chain.getRequest()).as("the application never saw it").isNull();
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getHeader("Connection")).isEqualTo("close");
        assertThat(response.getContentAsString()).contains("larger than 4,096 bytes");
    }

    @Test
    void aStreamedBodyFailsAtTheFirstBytePastTheLimitHavingReadNoMore() throws Exception {
        AtomicLong taken = new AtomicLong();
        AtomicReference<ServletRequest> seen = new AtomicReference<>();
        filter.doFilter(
                endless("/api/exercises/x/submissions", taken),
                new MockHttpServletResponse(),
                (req, res) -> seen.set(req));
        InputStream in = seen.get().getInputStream();
        byte[] buffer = new byte[64 * 1024];
        assertThatThrownBy(() -> {
                    while (in.read(buffer, 0, buffer.length) >= 0) {
                        // read on
                    }
                })
                .isInstanceOf(BodyTooLargeException.class);
        assertThat(taken.get()).isEqualTo(4 * 1024 + 1);
    }

    @Test
    void pagesHaveTheLargerLimit() throws Exception {
        AtomicLong taken = new AtomicLong();
        AtomicReference<ServletRequest> seen = new AtomicReference<>();
        filter.doFilter(
                endless("/exercises/x/submissions", taken), new MockHttpServletResponse(), (req, res) -> seen.set(req));
        byte[] buffer = new byte[1024];
        InputStream in = seen.get().getInputStream();
        assertThatThrownBy(() -> {
                    while (in.read(buffer) >= 0) {
                        // read on
                    }
                })
                .isInstanceOf(BodyTooLargeException.class);
        assertThat(taken.get()).isEqualTo(8 * 1024 + 1);
    }
}
