package io.kubeguide.exercise.grading;

import io.fabric8.kubernetes.api.model.Quantity;
import io.kubeguide.exercise.spec.ExerciseSpec;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Compares a live value with an author's expected value as Kubernetes compares them: numbers as numbers ({@code 80}
 * = {@code "80"}), booleans as booleans, quantities by amount ({@code 1Gi} = {@code 1024Mi} = {@code 1073741824}),
 * DNS names without regard to case or a trailing dot ({@code api.example.com.} = {@code api.example.com}). The kind of
 * comparison follows from the values unless the check says ({@code as: quantity|dns|number|boolean|string}).
 */
final class ValueMatcher {

    private static final Pattern QUANTITY_WITH_UNIT =
            Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\\d+)");
    private static final Pattern DNS_NAME =
            Pattern.compile("(?i)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+\\.?");

    private ValueMatcher() {}

    /** Whether {@code actual} is {@code expected}; {@code as} may be null. */
    static boolean same(Object actual, Object expected, String as) {
        if (actual == null || expected == null) {
            return actual == expected;
        }
        String kind = as != null ? as : inferred(actual, expected);
        return switch (kind) {
            case "number" -> compareNumbers(actual, expected) == 0;
            case "boolean" -> bool(actual) != null && bool(actual).equals(bool(expected));
            case "quantity" -> {
                BigDecimal a = quantity(actual);
                BigDecimal e = quantity(expected);
                yield a != null && e != null && a.compareTo(e) == 0;
            }
            case "dns" -> dns(String.valueOf(actual)).equals(dns(String.valueOf(expected)));
            default -> String.valueOf(actual).equals(String.valueOf(expected));
        };
    }

    /** Whether {@code actual}, a number or a quantity, lies within the bounds (either may be null). */
    static boolean within(Object actual, BigDecimal min, BigDecimal max) {
        BigDecimal n = ExerciseSpec.Range.amount(actual);
        return n != null && (min == null || n.compareTo(min) >= 0) && (max == null || n.compareTo(max) <= 0);
    }

    /** How a value reads in a message: strings bare, empty strings quoted, lists and maps in flow style. */
    static String show(Object value) {
        if (value instanceof String s) {
            return s.isEmpty() ? "\"\"" : s;
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream()
                    .map(e -> e.getKey() + ": " + show(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(ValueMatcher::show).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }

    /** What the expected value is compared as, from the two values themselves. */
    static String inferred(Object actual, Object expected) {
        if (expected instanceof Boolean || actual instanceof Boolean) {
            return "boolean";
        }
        if (expected instanceof Number || actual instanceof Number) {
            return number(actual) != null && number(expected) != null ? "number" : "string";
        }
        String e = String.valueOf(expected);
        String a = String.valueOf(actual);
        if ((QUANTITY_WITH_UNIT.matcher(e).matches()
                        || QUANTITY_WITH_UNIT.matcher(a).matches())
                && quantity(a) != null
                && quantity(e) != null) {
            return "quantity";
        }
        if (DNS_NAME.matcher(e).matches() && DNS_NAME.matcher(a).matches()) {
            return "dns";
        }
        return "string";
    }

    private static int compareNumbers(Object a, Object b) {
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        return x == null || y == null ? -2 : x.compareTo(y);
    }

    static BigDecimal number(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        if (value instanceof String s && s.matches("[+-]?\\d+(\\.\\d+)?")) {
            return new BigDecimal(s);
        }
        return null;
    }

    private static Boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        return switch (String.valueOf(value)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> null;
        };
    }

    static BigDecimal quantity(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return Quantity.getAmountInBytes(new Quantity(String.valueOf(value)));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String dns(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /** Values a JSONPath read gave: a definite path's value, or the items an indefinite one matched. */
    static List<Object> values(Object read, boolean definite) {
        if (!definite && read instanceof Collection<?> c) {
            return c.stream().filter(Objects::nonNull).map(v -> (Object) v).toList();
        }
        return read == null ? List.of() : List.of(read);
    }
}
