package io.kubeguide;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/architecture.md, checked on the compiled classes (tests left out): {@code web} on top, then the
 * features a learner uses ({@code exercise}, {@code terminal}, {@code teach}), then {@code progress}, then
 * {@code sandbox}; {@code lesson} beside them, needing none of them; at the bottom small shared packages that import no
 * feature. No package, and no sub-package, is part of a cycle.
 */
class PackageStructureTest {

    private static final JavaClasses GUIDE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.kubeguide");

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("io.kubeguide.(*)..").should().beFreeOfCycles().check(GUIDE);
    }

    @Test
    void subPackagesHaveNoCycles() {
        slices().matching("io.kubeguide.(**)").should().beFreeOfCycles().check(GUIDE);
    }

    @Test
    void layersOnlyLookDown() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("Web")
                .definedBy("io.kubeguide.web..", "io.kubeguide.authoring..")
                .layer("Features")
                .definedBy(
                        "io.kubeguide.exercise..",
                        "io.kubeguide.terminal..",
                        "io.kubeguide.teach..",
                        "io.kubeguide.account..")
                .layer("Progress")
                .definedBy("io.kubeguide.progress..")
                .layer("Sandbox")
                .definedBy("io.kubeguide.sandbox..")
                .layer("Lesson")
                .definedBy("io.kubeguide.lesson..")
                .layer("Shared")
                .definedBy(
                        "io.kubeguide.content..",
                        "io.kubeguide.database..",
                        "io.kubeguide.files..",
                        "io.kubeguide.limits..",
                        "io.kubeguide.logging..",
                        "io.kubeguide.metrics..",
                        "io.kubeguide.pages..")
                .whereLayer("Web")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Features")
                .mayOnlyBeAccessedByLayers("Web")
                .whereLayer("Progress")
                .mayOnlyBeAccessedByLayers("Web", "Features")
                .whereLayer("Sandbox")
                .mayOnlyBeAccessedByLayers("Web", "Features", "Progress")
                .whereLayer("Lesson")
                .mayOnlyBeAccessedByLayers("Web", "Features")
                .whereLayer("Lesson")
                .mayOnlyAccessLayers("Shared")
                .whereLayer("Shared")
                .mayNotAccessAnyLayer()
                .check(GUIDE);
    }
}
