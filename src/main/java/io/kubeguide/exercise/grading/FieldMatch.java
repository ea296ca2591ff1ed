package io.kubeguide.exercise.grading;

import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import io.kubeguide.exercise.spec.ExerciseSpec.Check;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A check's {@code path} and matcher ({@code equals}, {@code matches}, {@code oneOf}, {@code contains},
 * {@code range}) applied to an object given as plain maps and lists. {@code {{namespace}}} in expected values is the
 * sandbox's namespace.
 */
final class FieldMatch {

    private final Check check;
    private final String namespace;

    FieldMatch(Check check, String namespace) {
        this.check = check;
        this.namespace = namespace;
    }

    /** The field as the learner knows it: {@code spec.type}, {@code targetPort}. */
    String field() {
        return check.path().replaceFirst("^\\$\\.?", "");
    }

    /**
     * @param what   the object in words, e.g. "Service frontend-service" or "port 80 of Service frontend-service"
     * @param object the object as maps and lists
     * @return passed, or failed with what was found and what was expected (the caller decides whether it may change)
     */
    Outcome apply(String what, Object object) {
        JsonPath path = JsonPath.compile(check.path());
        Object read;
        try {
            read = path.read(object);
        } catch (PathNotFoundException e) {
            return Outcome.failed(field() + " is not set on " + what);
        }
        List<Object> values = ValueMatcher.values(read, path.isDefinite());
        if (values.isEmpty()) {
            return Outcome.failed(
                    path.isDefinite()
                            ? field() + " is not set on " + what
                            : "nothing on " + what + " matches " + field());
        }
        String shown = values.size() == 1 ? ValueMatcher.show(values.get(0)) : ValueMatcher.show(values);
        boolean ok =
                check.contains() != null ? contains(values) : values.stream().allMatch(this::matches);
        return ok
                ? Outcome.passed(field() + " is " + shown)
                : Outcome.failed(field() + " is " + shown + "; " + expected());
    }

    private boolean matches(Object value) {
        if (check.equalTo() != null) {
            return ValueMatcher.same(value, expectedValue(check.equalTo()), check.as());
        }
        if (check.matches() != null) {
            return Pattern.compile(substitute(check.matches()))
                    .matcher(String.valueOf(value))
                    .find();
        }
        if (check.oneOf() != null) {
            return check.oneOf().stream().anyMatch(o -> ValueMatcher.same(value, expectedValue(o), check.as()));
        }
        return ValueMatcher.within(value, check.range().lower(), check.range().upper());
    }

    /** {@code contains}: any of the values, or of the items of a list value, is the expected one. */
    private boolean contains(List<Object> values) {
        return values.stream()
                .flatMap(v -> v instanceof Collection<?> c ? c.stream() : Stream.of(v))
                .anyMatch(i -> ValueMatcher.same(i, expectedValue(check.contains()), check.as()));
    }

    private String expected() {
        if (check.equalTo() != null) {
            return "expected " + ValueMatcher.show(expectedValue(check.equalTo()));
        }
        if (check.matches() != null) {
            return "expected it to match " + substitute(check.matches());
        }
        if (check.oneOf() != null) {
            return "expected one of "
                    + check.oneOf().stream()
                            .map(o -> ValueMatcher.show(expectedValue(o)))
                            .collect(Collectors.joining(", "));
        }
        if (check.contains() != null) {
            return "expected it to include " + ValueMatcher.show(expectedValue(check.contains()));
        }
        var min = check.range().min();
        var max = check.range().max();
        return "expected "
                + (min != null && max != null
                        ? "between " + ValueMatcher.show(min) + " and " + ValueMatcher.show(max)
                        : min != null ? "at least " + ValueMatcher.show(min) : "at most " + ValueMatcher.show(max));
    }

    private Object expectedValue(Object value) {
        return value instanceof String s ? substitute(s) : value;
    }

    private String substitute(String text) {
        return text.replace("{{namespace}}", namespace);
    }
}
