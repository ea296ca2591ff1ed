package io.kubeguide.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubeguide.content.ClasspathContentSource;
import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.lesson.Lesson;
import io.kubeguide.lesson.LessonCatalog;
import io.kubeguide.lesson.LessonRenderer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every exercise sits at, and every check points to, a heading its lesson really has; every known-wrong answer names
 * checks that exist; and each exercise has enough known-wrong answers. Runs without a cluster (the content IT proves
 * the rest on a real API server).
 */
class ExerciseAnchorsTest {

    private final ExerciseCatalog exercises = new ExerciseCatalog(ClasspathContentSource.packaged());
    private final LessonCatalog lessons = new LessonCatalog(
            new ClasspathContentSource("content/", getClass().getClassLoader()), new LessonRenderer());

    @Test
    void everySectionIsAnAnchorOfItsLesson() {
        List<String> problems = new ArrayList<>();
        for (ExerciseSpec spec : exercises.all()) {
            Lesson lesson = lessons.find(spec.lesson()).orElse(null);
            if (lesson == null) {
                problems.add(spec.id() + ": lesson '" + spec.lesson() + "' is not in course.yaml");
                continue;
            }
            if (!lesson.hasAnchor(spec.section())) {
                problems.add(spec.id() + ": section '" + spec.section() + "' is not a heading of " + spec.lesson());
            }
            for (ExerciseSpec.Check check : spec.checks()) {
                String section = spec.sectionOf(check);
                if (!lesson.hasAnchor(section)) {
                    problems.add(spec.id() + " / " + check.id() + ": section '" + section + "' is not a heading of "
                            + spec.lesson());
                }
            }
        }
        assertThat(problems).as("exercise anchors").isEmpty();
    }

    @Test
    void wrongAnswersNameRealChecks() {
        List<String> problems = new ArrayList<>();
        for (ExerciseSpec spec : exercises.all()) {
            Set<String> ids = new HashSet<>();
            spec.checks().forEach(c -> ids.add(c.id()));
            if (spec.wrong().size() < 5) {
                problems.add(spec.id() + ": needs at least five known-wrong answers, has "
                        + spec.wrong().size());
            }
            if (spec.passes().size() < 4) {
                problems.add(spec.id() + ": needs at least four right answers written other ways (passes), has "
                        + spec.passes().size());
            }
            for (int i = 0; i < spec.wrong().size(); i++) {
                var wrong = spec.wrong().get(i);
                if (wrong.fails().isEmpty()) {
                    problems.add(spec.id() + " / wrong[" + i + "]: names no check it must fail");
                }
                for (String f : wrong.fails()) {
                    if (!ids.contains(f)) {
                        problems.add(spec.id() + " / wrong[" + i + "]: no check '" + f + "'");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theCourseHasAllItsExercises() {
        assertThat(exercises.all())
                .extracting(ExerciseSpec::id)
                .contains(
                        "services-clusterip",
                        "services-nodeport",
                        "services-loadbalancer",
                        "services-externalname",
                        "services-load-balancing",
                        "services-named-port",
                        "services-fix-no-endpoints",
                        "services-two-ports",
                        "services-fix-port-name",
                        "services-headless",
                        "services-without-selector",
                        "services-external-traffic-policy",
                        "services-fix-template-labels",
                        "storage-pvc",
                        "storage-pod-volume",
                        "storage-fix-pending-claim",
                        "storage-statefulset");
    }

    /** A check that no known-wrong answer fails is a check CI never saw fail: it may not be able to. */
    @Test
    void everyCheckIsFailedBySomeKnownWrongAnswer() {
        List<String> problems = new ArrayList<>();
        for (ExerciseSpec spec : exercises.all()) {
            Set<String> failed = new HashSet<>();
            spec.wrong().forEach(w -> failed.addAll(w.fails()));
            spec.checks().stream()
                    .map(ExerciseSpec.Check::id)
                    .filter(id -> !failed.contains(id))
                    .forEach(id -> problems.add(spec.id() + " / " + id + ": no wrong answer fails it"));
        }
        assertThat(problems).isEmpty();
    }
}
