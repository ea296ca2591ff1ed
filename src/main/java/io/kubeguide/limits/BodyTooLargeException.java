package io.kubeguide.limits;

import java.io.IOException;
import java.text.NumberFormat;
import java.util.Locale;

/**
 * A request body was larger than {@code guide.limits.request-body} (or {@code submission-body} for the grading API);
 * nothing past the limit was read. Answered 413 with {@link #sentence()}.
 */
public class BodyTooLargeException extends IOException {

    private final long limit;

    public BodyTooLargeException(long limit) {
        super("request body larger than " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    /** What the client reads. */
    public String sentence() {
        return sentence(limit);
    }

    /** What the client reads when a body over {@code limit} bytes was refused. */
    public static String sentence(long limit) {
        return "The request body is larger than "
                + NumberFormat.getIntegerInstance(Locale.ENGLISH).format(limit)
                + " bytes, the most the guide reads here; it was not read. Send less (a YAML submission is at most "
                + "64 KiB).";
    }
}
