package io.kubeguide.progress;

import jakarta.servlet.http.HttpServletRequest;
import java.time.format.DateTimeFormatter;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /progress/export}: the learner's progress as a JSON download (solved exercises, every kept submission
 * with its YAML and report). Never issues a learner cookie: without one the download is empty.
 */
@RestController
class ProgressExportController {

    private final LearnerIdentity identity;
    private final ProgressService progress;

    ProgressExportController(LearnerIdentity identity, ProgressService progress) {
        this.identity = identity;
        this.progress = progress;
    }

    @GetMapping("/progress/export")
    ResponseEntity<ProgressExport> export(HttpServletRequest request) {
        ProgressExport export = identity.existing(request).map(progress::export).orElseGet(ProgressExport::nothing);
        String name = "kubeguide-progress-" + DateTimeFormatter.ISO_LOCAL_DATE.format(export.exportedAt()) + ".json";
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .cacheControl(CacheControl.noStore())
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name).build().toString())
                .body(export);
    }
}
