package io.kubeguide.teach;

import io.kubeguide.progress.StoredSubmissions;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/** The dashboard as the stored submissions are now: one streaming pass over them per request. */
@Service
class Dashboards {

    private final StoredSubmissions submissions;
    private final JsonMapper json;

    Dashboards(StoredSubmissions submissions, JsonMapper json) {
        this.submissions = submissions;
        this.json = json;
    }

    Dashboard current() {
        DashboardTally tally = new DashboardTally(json);
        submissions.forEach(tally::add);
        return tally.result();
    }
}
