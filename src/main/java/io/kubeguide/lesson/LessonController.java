package io.kubeguide.lesson;

import io.kubeguide.pages.SharedPages;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.View;

@Controller
class LessonController {

    private final LessonCatalog catalog;
    private final List<LessonPageContributor> contributors;
    private final SharedPages pages;

    LessonController(LessonCatalog catalog, List<LessonPageContributor> contributors, SharedPages pages) {
        this.catalog = catalog;
        this.contributors = contributors;
        this.pages = pages;
    }

    @GetMapping("/lessons/{id}")
    View lesson(@PathVariable String id, Model model) {
        Lesson lesson = catalog.get(id);
        model.addAttribute("lesson", lesson);
        model.addAttribute("lessonCount", catalog.lessons().size());
        model.addAttribute("previous", catalog.previous(id).orElse(null));
        model.addAttribute("next", catalog.next(id).orElse(null));
        contributors.forEach(c -> c.contribute(lesson, model));
        return pages.view("lesson", catalog.lessons(), lesson);
    }
}
