package io.kubeguide.teach;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubeguide.GuideApplication;
import io.kubeguide.browser.Axe;
import io.kubeguide.browser.Browser;
import io.kubeguide.exercise.ExerciseCatalog;
import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.progress.LearnerIdentity;
import io.kubeguide.progress.ProgressService;
import io.kubeguide.progress.Submission;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The teachers' dashboard against a database filled by real graded submissions: several learners (several cookies)
 * submit right, wrong and refused YAML through the JSON API to their sandboxes on the guide's own embedded control
 * plane; a teacher then signs in through the form in headless Chromium, and the figures on the page and in the CSV
 * files are those of the answers the learners got. A stranger meets the sign-in page, never the figures. The
 * dashboard and the sign-in pass axe-core (light and dark), and screenshots of both widths go to
 * {@code target/screenshots/teach-*.png}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TeachDashboardIT {

    private static final Path WORK = Path.of("target", "teach-dashboard-it").toAbsolutePath();
    private static final String PASSWORD = "a long passphrase for the test";
    private static final String CLUSTERIP = "services-clusterip";
    private static final String NODEPORT = "services-nodeport";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    @RegisterExtension
    static Browser browser = new Browser(1366, 900);

    private static ConfigurableApplicationContext app;
    private static ExerciseCatalog catalog;

    /** What the learners were answered, in order: the expected figures come from these. */
    private static final List<Answer> answers = new ArrayList<>();

    private record Answer(String learner, String exercise, JsonNode report) {}

    @BeforeAll
    static void start() throws Exception {
        List<String> properties = new ArrayList<>(List.of(
                "server.port=0",
                "spring.datasource.url=jdbc:h2:mem:teach-dashboard-it;DB_CLOSE_DELAY=-1",
                "guide.sandbox.provider=embedded",
                "guide.embedded.work-dir=" + WORK.resolve("embedded-cluster"),
                "guide.embedded.start-timeout=" + System.getProperty("guide.embedded.start-timeout", "PT5M"),
                "guide.sandbox.instance-id=teach-dashboard-it",
                // the first submission waits for the control plane to start and the sandbox to be ready
                "guide.exercise.sandbox-wait=300s",
                "guide.exercise.rate-limit.submissions=100",
                "guide.exercise.rate-limit.period=60s",
                "guide.teacher.username=teacher",
                "guide.teacher.password-hash={bcrypt}" + new BCryptPasswordEncoder(6).encode(PASSWORD)));
        String binDir = System.getProperty("guide.embedded.bin-dir");
        if (binDir != null && !binDir.isBlank()) {
            properties.add("guide.embedded.bin-dir=" + binDir);
        }
        app = new SpringApplicationBuilder(GuideApplication.class)
                .run(properties.stream().map(p -> "--" + p).toArray(String[]::new));
        catalog = app.getBean(ExerciseCatalog.class);
        fillWithGradedSubmissions();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static String url(String path) {
        return "http://localhost:"
                + ((WebServerApplicationContext) app).getWebServer().getPort() + path;
    }

    private static String newLearner() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static JsonNode submit(String learner, String exercise, String yaml) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url("/api/exercises/" + exercise + "/submissions")))
                        .header("Cookie", LearnerIdentity.COOKIE + "=" + learner)
                        .header("Content-Type", "application/yaml")
                        .timeout(Duration.ofMinutes(6))
                        .POST(HttpRequest.BodyPublishers.ofString(yaml))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode report = JSON.readTree(response.body());
        answers.add(new Answer(learner, exercise, report));
        return report;
    }

    private static String wrong(ExerciseSpec spec, String why) {
        return spec.wrong().stream()
                .filter(w -> w.why().startsWith(why))
                .findFirst()
                .orElseThrow()
                .yaml();
    }

    /** Three learners on one exercise, one of them on a second: right, wrong and refused YAML. */
    private static void fillWithGradedSubmissions() throws Exception {
        ExerciseSpec clusterIp = catalog.get(CLUSTERIP);
        String ada = newLearner();
        String grace = newLearner();
        String linus = newLearner();

        assertThat(submit(ada, CLUSTERIP, wrong(clusterIp, "targetPort points at the Service port"))
                        .get("passed")
                        .asBoolean())
                .isFalse();
        assertThat(submit(ada, CLUSTERIP, clusterIp.solution()).get("passed").asBoolean())
                .isTrue();

        JsonNode badYaml = submit(grace, CLUSTERIP, "apiVersion: v1\nkind: Service\nmetadata: [frontend");
        assertThat(badYaml.get("problems")).isNotEmpty();
        JsonNode unknownField = submit(grace, CLUSTERIP, clusterIp.solution().replaceFirst("selector:", "selctor:"));
        assertThat(unknownField.get("problems").toString()).contains("unknown field");
        submit(grace, CLUSTERIP, wrong(clusterIp, "the selector names a label"));
        assertThat(submit(grace, CLUSTERIP, clusterIp.solution()).get("passed").asBoolean())
                .isTrue();

        submit(linus, CLUSTERIP, wrong(clusterIp, "targetPort points at the Service port"));
        submit(linus, CLUSTERIP, wrong(clusterIp, "targetPort points at the Service port"));

        assertThat(submit(ada, NODEPORT, catalog.get(NODEPORT).solution())
                        .get("passed")
                        .asBoolean())
                .isTrue();
    }

    // ---------- what the answers say the dashboard must show ----------

    private static List<Answer> of(String exercise) {
        return answers.stream().filter(a -> a.exercise().equals(exercise)).toList();
    }

    private static Set<String> learners(String exercise) {
        return of(exercise).stream().map(Answer::learner).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Per learner who solved it: attempts up to their first pass. */
    private static Map<String, Integer> attemptsToSolve(String exercise) {
        Map<String, Integer> tries = new HashMap<>();
        Map<String, Integer> solved = new LinkedHashMap<>();
        for (Answer a : of(exercise)) {
            int n = tries.merge(a.learner(), 1, Integer::sum);
            if (a.report().get("passed").asBoolean()) {
                solved.putIfAbsent(a.learner(), n);
            }
        }
        return solved;
    }

    /** Median seconds from a solver's first stored submission to their first passing one (the stored times). */
    private static long medianSecondsToSolve(String exercise) {
        ProgressService progress = app.getBean(ProgressService.class);
        List<Long> millis = new ArrayList<>();
        for (String learner : attemptsToSolve(exercise).keySet()) {
            List<Submission> history = new ArrayList<>(progress.history(learner, exercise, 50));
            history.sort(Comparator.comparing(Submission::createdAt).thenComparing(Submission::id));
            Submission firstPass =
                    history.stream().filter(Submission::passed).findFirst().orElseThrow();
            millis.add(Duration.between(history.get(0).createdAt(), firstPass.createdAt())
                    .toMillis());
        }
        millis.sort(null);
        int mid = millis.size() / 2;
        double median = millis.size() % 2 == 1 ? millis.get(mid) : (millis.get(mid - 1) + millis.get(mid)) / 2.0;
        return Math.round(median / 1000.0);
    }

    private static double median(List<Integer> values) {
        List<Integer> sorted = values.stream().sorted().toList();
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2.0;
    }

    /** check id → [runs, failed], over the graded answers. */
    private static Map<String, int[]> checkFigures(String exercise) {
        Map<String, int[]> figures = new LinkedHashMap<>();
        for (Answer a : of(exercise)) {
            a.report().get("checks").forEach(c -> {
                int[] f = figures.computeIfAbsent(c.get("id").asString(), id -> new int[2]);
                f[0]++;
                if (!c.get("passed").asBoolean()) {
                    f[1]++;
                }
            });
        }
        return figures;
    }

    /** check id → its commonest failure message and how often. */
    private static Map.Entry<String, Long> commonestFailure(String exercise, String check) {
        return of(exercise).stream()
                .flatMap(a -> StreamSupport.stream(a.report().get("checks").spliterator(), false))
                .filter(c ->
                        c.get("id").asString().equals(check) && !c.get("passed").asBoolean())
                .collect(Collectors.groupingBy(c -> c.get("message").asString(), TreeMap::new, Collectors.counting()))
                .entrySet()
                .stream()
                .max(Map.Entry.<String, Long>comparingByValue())
                .orElseThrow();
    }

    // ---------- the tests ----------

    @Test
    @Order(1)
    void strangersGetTheSignInPageNeverTheFigures() throws Exception {
        for (String path : List.of("/teach", "/teach.csv", "/teach/checks.csv", "/teach/refusals.csv")) {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url(path))).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(302);
            assertThat(response.headers().firstValue("Location")).as(path).hasValue(url("/teach/login"));
            assertThat(response.body()).as(path).doesNotContain(CLUSTERIP);
        }
        browser.open(url("/teach"));
        assertThat(browser.driver().getCurrentUrl()).isEqualTo(url("/teach/login"));
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Sign in to the dashboard");
        assertThat(browser.driver().getPageSource()).doesNotContain(CLUSTERIP);
        scan("teach sign-in");
        browser.fullPageScreenshot("teach-sign-in");
    }

    @Test
    @Order(2)
    void theDashboardShowsTheFiguresOfTheGradedSubmissions() throws Exception {
        signIn();
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Where learners get stuck");
        Set<String> everyone = answers.stream().map(Answer::learner).collect(Collectors.toSet());
        assertThat(browser.find(By.cssSelector(".lead")).getText())
                .startsWith(everyone.size() + " learners, " + answers.size() + " submissions stored.");

        for (String exercise : List.of(CLUSTERIP, NODEPORT)) {
            WebElement row = browser.find(By.cssSelector("tr[data-exercise='" + exercise + "']"));
            Map<String, Integer> solved = attemptsToSolve(exercise);
            int tried = learners(exercise).size();
            long refused = of(exercise).stream()
                    .filter(a -> !a.report().get("problems").isEmpty())
                    .count();
            assertThat(figure(row, "tried")).as(exercise).isEqualTo(String.valueOf(tried));
            assertThat(figure(row, "solved")).as(exercise).isEqualTo(String.valueOf(solved.size()));
            assertThat(figure(row, "solve-rate"))
                    .as(exercise)
                    .isEqualTo(Math.round(100.0 * solved.size() / tried) + "%");
            assertThat(figure(row, "median-attempts"))
                    .as(exercise)
                    .isEqualTo(Figures.number(median(new ArrayList<>(solved.values()))));
            assertThat(figure(row, "median-time"))
                    .as(exercise)
                    .isEqualTo(Figures.duration(Duration.ofSeconds(medianSecondsToSolve(exercise))));
            assertThat(figure(row, "submissions"))
                    .isEqualTo(String.valueOf(of(exercise).size()));
            assertThat(figure(row, "refused")).isEqualTo(String.valueOf(refused));

            WebElement checks = browser.find(By.id("checks-" + exercise));
            checkFigures(exercise).forEach((check, f) -> {
                WebElement checkRow = checks.findElement(By.cssSelector("tr[data-check='" + check + "']"));
                assertThat(figure(checkRow, "runs")).as(check).isEqualTo(String.valueOf(f[0]));
                assertThat(figure(checkRow, "failed")).as(check).isEqualTo(String.valueOf(f[1]));
                if (f[1] > 0) {
                    Map.Entry<String, Long> top = commonestFailure(exercise, check);
                    assertThat(checkRow.findElement(By.cssSelector(".messages li"))
                                    .getText())
                            .as(check)
                            .isEqualTo(top.getValue() + "× " + top.getKey());
                }
            });
        }
        // the learners of the exercise got these failures, so the chart draws them
        assertThat(checkFigures(CLUSTERIP).get("routes-to-pods")[1]).isEqualTo(4);
        assertThat(browser.find(By.cssSelector("#checks-" + CLUSTERIP + " svg desc"))
                        .getAttribute("textContent"))
                .contains("routes-to-pods: 4 of 6 · 67%");

        // one refused for bad YAML, one for an unknown field
        assertThat(browser.find(By.cssSelector("tr[data-reason='Not valid YAML'] td"))
                        .getText())
                .isEqualTo("1");
        assertThat(browser.find(By.cssSelector("tr[data-reason='Unknown field'] td"))
                        .getText())
                .isEqualTo("1");

        // no learner's YAML and no learner id on the page
        String page = browser.driver().getPageSource();
        assertThat(page).doesNotContain("frontend-service\n", "apiVersion: v1");
        answers.forEach(a -> assertThat(page).doesNotContain(a.learner()));

        scan("teach dashboard");
        browser.fullPageScreenshot("teach-dashboard-desktop");
        browser.emulateMedia(Map.of("prefers-color-scheme", "dark"));
        browser.fullPageScreenshot("teach-dashboard-dark");
        browser.emulateMedia(Map.of());
        browser.resize(390, 844);
        try {
            browser.open(url("/teach"));
            assertThat((Boolean) browser.js("return document.documentElement.scrollWidth <= window.innerWidth;"))
                    .as("the phone page does not scroll sideways (tables scroll in their own box)")
                    .isTrue();
            scan("teach dashboard on a phone");
            browser.fullPageScreenshot("teach-dashboard-phone");
            browser.screenshot("teach-dashboard-phone-top");
            browser.js("document.getElementById(arguments[0]).scrollIntoView();", "checks-" + CLUSTERIP);
            browser.screenshot("teach-dashboard-phone-checks");
        } finally {
            browser.resize(1366, 900);
        }
    }

    @Test
    @Order(3)
    void theCsvFilesHoldTheSameFiguresForTheSignedInTeacherOnly() throws Exception {
        signIn();
        org.openqa.selenium.Cookie sessionCookie = browser.driver().manage().getCookieNamed("JSESSIONID");
        assertThat(sessionCookie.isHttpOnly()).isTrue();
        assertThat(sessionCookie.getSameSite()).isEqualTo("Lax");
        String session = sessionCookie.getValue();
        HttpResponse<String> csv = get("/teach.csv", session);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv;charset=UTF-8");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).startsWith("exercise,learners_tried,learners_solved,solve_rate");
        Map<String, Integer> solved = attemptsToSolve(CLUSTERIP);
        assertThat(lines)
                .contains(String.join(
                        ",",
                        CLUSTERIP,
                        String.valueOf(learners(CLUSTERIP).size()),
                        String.valueOf(solved.size()),
                        String.format(
                                Locale.ROOT,
                                "%.4f",
                                (double) solved.size() / learners(CLUSTERIP).size()),
                        Figures.number(median(new ArrayList<>(solved.values()))),
                        String.valueOf(medianSecondsToSolve(CLUSTERIP)),
                        String.valueOf(of(CLUSTERIP).size()),
                        "2"));

        HttpResponse<String> checks = get("/teach/checks.csv", session);
        int[] routes = checkFigures(CLUSTERIP).get("routes-to-pods");
        assertThat(checks.body()).contains(CLUSTERIP + ",routes-to-pods,");
        assertThat(checks.body().lines().filter(l -> l.startsWith(CLUSTERIP + ",routes-to-pods,")))
                .singleElement()
                .asString()
                .contains("," + routes[0] + "," + routes[1] + ",");

        // the same request without the teacher's session: the sign-in page
        HttpResponse<String> stranger = HTTP.send(
                HttpRequest.newBuilder(URI.create(url("/teach/checks.csv")))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stranger.statusCode()).isEqualTo(302);
        assertThat(stranger.body()).isEmpty();
    }

    // ---------- helpers ----------

    /** A GET with the teacher's session cookie, or as a stranger ({@code null}); redirects are not followed. */
    private static HttpResponse<String> get(String path, String session) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url(path))).GET();
        if (session != null) {
            request.header("Cookie", "JSESSIONID=" + session);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String figure(WebElement row, String name) {
        return row.findElement(By.cssSelector("[data-figure='" + name + "']")).getText();
    }

    private static void signIn() {
        browser.open(url("/teach"));
        if (!browser.driver().getCurrentUrl().endsWith("/teach/login")) {
            return; // signed in already
        }
        browser.find(By.id("username")).sendKeys("teacher");
        browser.find(By.id("password")).sendKeys(PASSWORD);
        browser.find(By.cssSelector(".sign-in-form button[type=submit]")).click();
        browser.waitFor(d -> d.getCurrentUrl().equals(url("/teach")));
    }

    private static final Axe axe = new Axe();

    /** axe-core in the light and the dark scheme; fails on a serious or critical violation. */
    private static void scan(String state) {
        for (String scheme : List.of("light", "dark")) {
            browser.emulateMedia(Map.of("prefers-color-scheme", scheme));
            String serious = axe.run(browser).stream()
                    .filter(Axe.Violation::seriousOrWorse)
                    .map(Axe.Violation::describe)
                    .collect(Collectors.joining("\n"));
            assertThat(serious).as(state + " [" + scheme + "]: " + serious).isEmpty();
        }
        browser.emulateMedia(Map.of());
    }
}
