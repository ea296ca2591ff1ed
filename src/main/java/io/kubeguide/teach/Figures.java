package io.kubeguide.teach;

import java.time.Duration;
import java.util.Locale;

/** Figures in words, the same on the page, in the charts and in their descriptions. */
final class Figures {

    private Figures() {}

    /** {@code 0.6667} → {@code 67%}. */
    static String percent(double share) {
        return Math.round(share * 100) + "%";
    }

    /** {@code 3.0} → {@code 3}, {@code 2.5} → {@code 2.5}; none → an en dash. */
    static String number(Double value) {
        if (value == null) {
            return "–";
        }
        return value == Math.rint(value)
                ? String.valueOf(value.longValue())
                : String.format(Locale.ROOT, "%.1f", value);
    }

    /** Rounded to the two largest units: {@code 42 s}, {@code 3 min 20 s}, {@code 2 h 5 min}, {@code 3 d 4 h}. */
    static String duration(Duration duration) {
        if (duration == null) {
            return "–";
        }
        long s = Math.round(duration.toMillis() / 1000.0);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return two(s / 60, "min", s % 60, "s");
        }
        if (s < 86400) {
            return two(s / 3600, "h", (s % 3600) / 60, "min");
        }
        return two(s / 86400, "d", (s % 86400) / 3600, "h");
    }

    private static String two(long big, String bigUnit, long small, String smallUnit) {
        return small == 0 ? big + " " + bigUnit : big + " " + bigUnit + " " + small + " " + smallUnit;
    }
}
