package io.kubeguide.authoring;

import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.lesson.Lesson;
import io.kubeguide.lesson.LessonCatalog;
import io.kubeguide.lesson.LessonRenderer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;

/**
 * What the checker can tell without a cluster, once every spec parses: each exercise sits at, and each check points
 * to, a heading its lesson has; every link between lessons (in lessons, prompts and hints) reaches a lesson and a
 * heading that exist; each exercise has its four right and five wrong answers, and each check is failed by one.
 */
final class ContentRules {

    static final int MIN_RIGHT_ANSWERS = 4;
    static final int MIN_WRONG_ANSWERS = 5;

    private final LessonCatalog lessons;
    private final LessonRenderer renderer = new LessonRenderer();

    ContentRules(LessonCatalog lessons) {
        this.lessons = lessons;
    }

    List<Finding> check(List<ExerciseSpec> specs, Function<ExerciseSpec, String> fileOf) {
        List<Finding> problems = new ArrayList<>();
        Map<String, Lesson> byId =
                lessons.lessons().stream().collect(Collectors.toMap(Lesson::id, Function.identity()));
        for (Lesson lesson : byId.values()) {
            links(lesson.html(), byId)
                    .forEach(p -> problems.add(Finding.problem(lesson.id() + "/lesson.md", "link", p)));
        }
        for (ExerciseSpec spec : specs) {
            String file = fileOf.apply(spec);
            Lesson lesson = byId.get(spec.lesson());
            if (lesson == null) {
                problems.add(Finding.problem(file, "anchor", "lesson '" + spec.lesson() + "' is not in course.yaml"));
                continue;
            }
            if (!lesson.hasAnchor(spec.section())) {
                problems.add(Finding.problem(
                        file, "anchor", "section '" + spec.section() + "' is not a heading of " + spec.lesson()));
            }
            for (ExerciseSpec.Check check : spec.checks()) {
                String section = spec.sectionOf(check);
                if (!lesson.hasAnchor(section)) {
                    problems.add(Finding.problem(
                            file,
                            "anchor",
                            check.id() + ": section '" + section + "' is not a heading of " + spec.lesson()));
                }
                if (check.hint() != null) {
                    linksIn(check.hint(), spec, byId)
                            .forEach(p -> problems.add(Finding.problem(file, "link", check.id() + " hint: " + p)));
                }
            }
            linksIn(spec.prompt(), spec, byId)
                    .forEach(p -> problems.add(Finding.problem(file, "link", "prompt: " + p)));
            answers(spec).forEach(p -> problems.add(Finding.problem(file, "answers", p)));
        }
        return problems;
    }

    private List<String> linksIn(String markdown, ExerciseSpec spec, Map<String, Lesson> byId) {
        return links(renderer.render(markdown, spec.lesson()).html(), byId);
    }

    /** Links to {@code /lessons/<id>#<anchor>} whose lesson or heading does not exist. */
    private static List<String> links(String html, Map<String, Lesson> byId) {
        List<String> broken = new ArrayList<>();
        Jsoup.parseBodyFragment(html).select("a[href^=/lessons/]").forEach(a -> {
            String href = a.attr("href");
            String[] target = href.substring("/lessons/".length()).split("#", 2);
            Lesson lesson = byId.get(target[0]);
            if (lesson == null) {
                broken.add("link " + href + " goes to a lesson that is not in course.yaml");
            } else if (target.length == 2 && !target[1].isEmpty() && !lesson.hasAnchor(target[1])) {
                broken.add("link " + href + " goes to a heading " + target[0] + " does not have");
            }
        });
        return broken;
    }

    /** Enough answers, and no check that no wrong answer fails: CI never saw such a check fail, it may not be able to. */
    private static List<String> answers(ExerciseSpec spec) {
        List<String> problems = new ArrayList<>();
        if (spec.passes().size() < MIN_RIGHT_ANSWERS) {
            problems.add("needs at least " + MIN_RIGHT_ANSWERS + " right answers written other ways (passes), has "
                    + spec.passes().size());
        }
        if (spec.wrong().size() < MIN_WRONG_ANSWERS) {
            problems.add("needs at least " + MIN_WRONG_ANSWERS + " known-wrong answers, has "
                    + spec.wrong().size());
        }
        Set<String> failed = new HashSet<>();
        spec.wrong().forEach(w -> failed.addAll(w.fails()));
        spec.checks().stream()
                .map(ExerciseSpec.Check::id)
                .filter(id -> !failed.contains(id))
                .forEach(id -> problems.add(id + ": no wrong answer fails it"));
        return problems;
    }
}
