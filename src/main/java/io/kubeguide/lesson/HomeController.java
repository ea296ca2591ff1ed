package io.kubeguide.lesson;

import io.kubeguide.pages.SharedPages;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.View;

@Controller
class HomeController {

    private final LessonCatalog catalog;
    private final SharedPages pages;

    HomeController(LessonCatalog catalog, SharedPages pages) {
        this.catalog = catalog;
        this.pages = pages;
    }

    @GetMapping("/")
    View home(Model model) {
        model.addAttribute("lessons", catalog.lessons());
        return pages.view("home", catalog.lessons());
    }
}
