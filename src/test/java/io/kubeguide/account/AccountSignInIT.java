package io.kubeguide.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubeguide.GuideApplication;
import io.kubeguide.browser.Axe;
import io.kubeguide.browser.Browser;
import io.kubeguide.browser.ExerciseForm;
import io.kubeguide.exercise.ExerciseCatalog;
import io.kubeguide.progress.LearnerIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sign-in with OpenID Connect against a real provider ({@link TestIssuer}, Spring Authorization Server on its own
 * port), driven through the whole redirect dance in headless Chromium: two browsers are a learner's two devices. The
 * guide runs its own embedded control plane, so the first device really solves an exercise before signing in.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccountSignInIT {

    private static final Path WORK = Path.of("target", "account-it").toAbsolutePath();
    private static final String SOLVED = "services-clusterip";
    private static final String TRIED = "storage-pvc";
    private static final Duration ANSWER_WAIT = Duration.ofMinutes(3);
    private static final String REFUSED_YAML = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: [data";

    @RegisterExtension
    static Browser laptop = new Browser(1366, 900);

    @RegisterExtension
    static Browser phone = new Browser(1366, 900);

    private static final Axe axe = new Axe();
    private static final JsonMapper json = JsonMapper.builder().build();
    private static TestIssuer.Running issuer;
    private static ConfigurableApplicationContext guide;
    private static String anonymousLaptopLearner;

    @BeforeAll
    static void start() {
        issuer = TestIssuer.start();
        List<String> settings = new ArrayList<>(List.of(
                "server.port=0",
                "spring.datasource.url=jdbc:h2:mem:account-it;DB_CLOSE_DELAY=-1",
                "guide.sandbox.provider=embedded",
                "guide.embedded.work-dir=" + WORK.resolve("embedded-cluster"),
                "guide.embedded.start-timeout=" + System.getProperty("guide.embedded.start-timeout", "PT5M"),
                "guide.sandbox.instance-id=account-it",
                "guide.oidc.issuer-uri=" + issuer.issuer(),
                "guide.oidc.client-id=" + TestIssuer.CLIENT_ID,
                "guide.oidc.client-secret=" + TestIssuer.CLIENT_SECRET,
                "guide.oidc.provider-name=Test provider",
                // alice by her verified address; bob's address is listed too, but his provider did not verify it
                "guide.oidc.teacher-users=" + TestIssuer.ALICE_EMAIL + "," + TestIssuer.BOB_EMAIL));
        String binDir = System.getProperty("guide.embedded.bin-dir");
        if (binDir != null && !binDir.isBlank()) {
            settings.add("guide.embedded.bin-dir=" + binDir);
        }
        guide = new SpringApplicationBuilder(GuideApplication.class)
                .run(settings.stream().map(s -> "--" + s).toArray(String[]::new));
        issuer.register(url("/login/oauth2/code/oidc"));
    }

    @AfterAll
    static void stop() {
        if (guide != null) {
            guide.close();
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    /** The guide at 127.0.0.1 (the provider is at localhost: the browser keeps their cookies apart). */
    private static String url(String path) {
        return "http://127.0.0.1:"
                + ((WebServerApplicationContext) guide).getWebServer().getPort() + path;
    }

    @Test
    @Order(1)
    void aLearnerWhoSignsInKeepsWhatTheyDidAnonymously() {
        laptop.open(url("/exercises/" + SOLVED));
        solve(laptop, guide.getBean(ExerciseCatalog.class).get(SOLVED).solution());
        anonymousLaptopLearner = learnerCookie(laptop);

        laptop.find(By.cssSelector(".site-header a.account-link")).click();
        laptop.waitFor(d -> d.getCurrentUrl().endsWith("/account"));
        assertThat(text(laptop, ".account-state")).contains("You are not signed in", "1 solved, 1 submitted");
        assertNoSeriousViolations(laptop, "account page, not signed in");
        laptop.screenshot("account-not-signed-in");

        String sessionBefore = signIn(laptop, "alice");
        assertThat(text(laptop, ".account-state")).contains("Signed in as " + TestIssuer.ALICE_EMAIL);
        assertThat(text(laptop, ".account-page")).contains("1 solved, 1 submitted");
        assertNoSeriousViolations(laptop, "account page, signed in");
        laptop.screenshot("account-signed-in");

        // the device now carries the account's own learner id; the anonymous one is left with nothing
        assertThat(learnerCookie(laptop)).isNotEqualTo(anonymousLaptopLearner);
        assertThat(export(url("/progress/export"), anonymousLaptopLearner).path("submissions"))
                .isEmpty();
        assertThat(solvedMark(laptop, SOLVED)).isTrue();

        // alice is a teacher (verified address): her session was renewed on sign-in and carries the role
        laptop.open(url("/account"));
        assertThat(laptop.driver().findElements(By.cssSelector("a.teacher-link")))
                .hasSize(1);
        assertThat(guideSession(laptop)).isNotNull().isNotEqualTo(sessionBefore);
    }

    @Test
    @Order(2)
    void anotherDeviceFindsTheProgressAndAddsItsOwn() throws Exception {
        phone.open(url("/exercises/" + TRIED));
        ExerciseForm.submit(phone, REFUSED_YAML);
        assertThat(ExerciseForm.awaitAnswer(phone, ANSWER_WAIT)).isEqualTo("false");
        phone.open(url("/account"));
        assertThat(text(phone, ".account-state")).contains("0 solved, 1 submitted");

        signIn(phone, "alice");
        assertThat(text(phone, ".account-page")).contains("1 solved, 2 submitted");
        assertThat(solvedMark(phone, SOLVED)).as("solved on the laptop").isTrue();
        phone.open(url("/exercises/" + TRIED));
        assertThat(phone.find(By.cssSelector("details.history .count")).getAttribute("textContent"))
                .isEqualTo("1");

        // the export: both devices' work, YAML and reports, as a download
        @SuppressWarnings("unchecked")
        List<String> answer = (List<String>) phone.js("return fetch('/progress/export').then(r => r.text()"
                + ".then(t => [r.headers.get('content-disposition'), t]));");
        assertThat(answer.get(0)).startsWith("attachment; filename=\"kubeguide-progress-");
        JsonNode export = json.readTree(answer.get(1));
        assertThat(export.path("solved").findValuesAsString("exercise")).containsExactly(SOLVED);
        Map<String, JsonNode> byExercise = export.path("submissions")
                .valueStream()
                .collect(Collectors.toMap(s -> s.path("exercise").asString(), s -> s));
        assertThat(byExercise.get(SOLVED).path("passed").asBoolean()).isTrue();
        assertThat(byExercise.get(SOLVED).path("report").path("checks")).isNotEmpty();
        assertThat(byExercise.get(TRIED).path("yaml").asString()).isEqualTo(REFUSED_YAML);
        assertThat(byExercise.get(TRIED).path("report").path("problems")).isNotEmpty();
    }

    @Test
    @Order(3)
    void signingInAgainChangesNothing() {
        // still signed in at the provider: straight back, and nothing is merged twice
        laptop.open(url("/oauth2/authorization/oidc"));
        laptop.waitFor(d -> d.getCurrentUrl().endsWith("/account"));
        assertThat(text(laptop, ".account-page")).contains("1 solved, 2 submitted");
    }

    @Test
    @Order(4)
    void signingOutLeavesTheDeviceAnonymous() {
        phone.open(url("/account"));
        phone.find(By.cssSelector("form.sign-out button")).click();
        phone.waitFor(d -> !d.findElements(By.cssSelector("a.sign-in")).isEmpty());
        assertThat(text(phone, ".account-state")).contains("You are not signed in", "0 solved");
        assertThat(phone.driver().manage().getCookieNamed(LearnerIdentity.COOKIE))
                .isNull();
        assertThat(solvedMark(phone, SOLVED)).isFalse();

        laptop.open(url("/account"));
        assertThat(text(laptop, ".account-state")).contains("Signed in as " + TestIssuer.ALICE_EMAIL);
    }

    @Test
    @Order(5)
    void anUnverifiedAddressOnTheTeacherListMakesNoTeacher() {
        forgetTheProvider(phone);
        phone.open(url("/account"));
        signIn(phone, "bob");
        assertThat(text(phone, ".account-state")).contains("Signed in as " + TestIssuer.BOB_EMAIL);
        assertThat(text(phone, ".account-page")).contains("0 solved, 0 submitted");
        assertThat(phone.driver().findElements(By.cssSelector("a.teacher-link")))
                .isEmpty();
        assertThat(guideSession(phone)).as("no session kept for a learner").isNull();
    }

    @Test
    @Order(6)
    void aNewCookieKeepsTheDeviceSignedIn() {
        laptop.open(url("/exercises/" + SOLVED));
        String before = learnerCookie(laptop);
        WebElement rotate = laptop.find(By.cssSelector("form.rotate-learner button"));
        laptop.js("arguments[0].scrollIntoView({block: 'center'});", rotate);
        rotate.click();
        laptop.waitFor(d -> !before.equals(learnerCookie(laptop)));
        laptop.open(url("/account"));
        assertThat(text(laptop, ".account-state")).contains("Signed in as " + TestIssuer.ALICE_EMAIL);
        assertThat(text(laptop, ".account-page")).contains("1 solved, 2 submitted");
        assertThat(export(url("/progress/export"), before).path("submissions")).isEmpty();
    }

    @Test
    @Order(7)
    void theSignInAsksForStateNonceAndPkceAndTakesNoRedirectFromTheRequest() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<Void> start = http.send(
                HttpRequest.newBuilder(URI.create(url("/oauth2/authorization/oidc?continue=https://evil.example/")))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(start.statusCode()).isEqualTo(302);
        String location = start.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(issuer.issuer() + "/oauth2/authorize?");
        Map<String, String> query = query(URI.create(location));
        assertThat(query)
                .containsEntry("response_type", "code")
                .containsEntry("client_id", TestIssuer.CLIENT_ID)
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("redirect_uri", url("/login/oauth2/code/oidc"))
                .containsKeys("state", "nonce", "code_challenge");
        assertThat(query.get("scope").split(" ")).contains("openid");

        // a way back that this browser did not start: refused in words, no learner made
        String session = start.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID="))
                .findFirst()
                .orElseThrow();
        assertThat(session).containsIgnoringCase("HttpOnly");
        HttpResponse<Void> forged = http.send(
                HttpRequest.newBuilder(URI.create(url("/login/oauth2/code/oidc?code=forged&state=forged")))
                        .header("Cookie", session.substring(0, session.indexOf(';')))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(forged.statusCode()).isEqualTo(302);
        assertThat(forged.headers().firstValue("Location").orElseThrow()).endsWith("/account?error=failed");
        assertThat(forged.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(LearnerIdentity.COOKIE));

        // signing out is a POST with the CSRF token; a forged one is refused
        HttpResponse<Void> signOut = http.send(
                HttpRequest.newBuilder(URI.create(url("/account/sign-out")))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .header("Cookie", LearnerIdentity.COOKIE + "=" + learnerCookie(laptop))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(signOut.statusCode()).isEqualTo(403);
        laptop.open(url("/account"));
        assertThat(text(laptop, ".account-state")).contains("Signed in as " + TestIssuer.ALICE_EMAIL);

        laptop.open(url("/account?error=failed"));
        assertThat(text(laptop, ".account-failure")).contains("could not be completed");
        assertNoSeriousViolations(laptop, "account page, sign-in failed");
    }

    /** Account page → provider's login form → back on the account page; the guide's session id before signing in. */
    private static String signIn(Browser browser, String user) {
        browser.open(url("/account"));
        browser.find(By.cssSelector("a.sign-in")).click();
        browser.waitFor(d -> d.getCurrentUrl().startsWith(issuer.issuer() + "/login"));
        String session = guideSession(browser);
        browser.find(By.id("username")).sendKeys(user);
        browser.find(By.id("password")).sendKeys(user + "-password");
        browser.find(By.cssSelector("button[type=submit]")).click();
        browser.waitFor(Duration.ofSeconds(30), d -> d.getCurrentUrl().equals(url("/account")));
        return session;
    }

    /** The provider forgets who signed in there (its session cookie is dropped). */
    private static void forgetTheProvider(Browser browser) {
        browser.open(issuer.issuer() + "/login");
        browser.driver().manage().deleteAllCookies();
    }

    /** The guide's HTTP session cookie, read whatever page the browser shows (through DevTools). */
    @SuppressWarnings("unchecked")
    private static String guideSession(Browser browser) {
        Map<String, Object> all =
                ((ChromeDriver) browser.driver()).executeCdpCommand("Network.getAllCookies", Map.of());
        return ((List<Map<String, Object>>) all.get("cookies"))
                .stream()
                        .filter(c -> "JSESSIONID".equals(c.get("name")) && "127.0.0.1".equals(c.get("domain")))
                        .map(c -> (String) c.get("value"))
                        .findFirst()
                        .orElse(null);
    }

    private static String learnerCookie(Browser browser) {
        Cookie cookie = browser.driver().manage().getCookieNamed(LearnerIdentity.COOKIE);
        return cookie == null ? null : cookie.getValue();
    }

    private static String text(Browser browser, String css) {
        return browser.find(By.cssSelector(css)).getText().replaceAll("\\s+", " ");
    }

    private static boolean solvedMark(Browser browser, String exercise) {
        browser.open(url("/exercises/" + exercise));
        return browser.find(By.cssSelector(".solved-status"))
                .getAttribute("class")
                .contains("is-solved");
    }

    private static JsonNode export(String url, String learner) {
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .header("Cookie", LearnerIdentity.COOKIE + "=" + learner)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            return json.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> query(URI uri) {
        return Arrays.stream(uri.getRawQuery().split("&"))
                .map(p -> p.split("=", 2))
                .collect(Collectors.toMap(
                        p -> p[0], p -> p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : ""));
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Submits the solution until it is graded as passed (the first try may find the sandbox still preparing). */
    private static void solve(Browser browser, String yaml) {
        for (int attempt = 0; attempt < 20; attempt++) {
            ExerciseForm.submit(browser, yaml);
            String answer = ExerciseForm.awaitAnswer(browser, ANSWER_WAIT);
            if ("true".equals(answer)) {
                return;
            }
            assertThat(answer).as("the solution is graded as passed").isEqualTo("error");
            // the status shows on the page as it is loaded: look again every 2 s
            browser.waitFor(Duration.ofMinutes(5), d -> {
                browser.open(d.getCurrentUrl());
                String state = d.findElement(By.cssSelector(".sandbox-status")).getAttribute("data-state");
                if (!"READY".equals(state)) {
                    sleep(Duration.ofSeconds(2));
                    return null;
                }
                return true;
            });
        }
        throw new AssertionError("the sandbox never became ready");
    }

    private static void assertNoSeriousViolations(Browser browser, String state) {
        for (String scheme : List.of("light", "dark")) {
            browser.emulateMedia(Map.of("prefers-color-scheme", scheme));
            List<Axe.Violation> serious = axe.run(browser).stream()
                    .filter(Axe.Violation::seriousOrWorse)
                    .toList();
            assertThat(serious)
                    .as(state + " [" + scheme + "]: "
                            + serious.stream().map(Axe.Violation::describe).collect(Collectors.joining("\n")))
                    .isEmpty();
        }
        browser.emulateMedia(Map.of());
    }
}
