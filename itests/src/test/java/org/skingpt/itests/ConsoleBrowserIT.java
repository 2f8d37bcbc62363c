package org.skingpt.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A clinician in a real browser (Debian's headless Chromium): logs in to the console of the real
 * distribution and sees the status page report the engine ready.
 */
class ConsoleBrowserIT {

    private static final String USER = "dr-browser";
    private static final String PASSWORD = "Br0wser-Secret";
    private static final String ADMIN = "console-admin";
    private static final String ADMIN_PASSWORD = "C0nsole-Adm1n-Pass";
    /** Chooses Chinese: a user of their own, since the choice is kept per user. */
    private static final String ZH_USER = "dr-zh";
    private static final String ZH_PASSWORD = "Zh0ngwen-Pass";
    private static final String PATIENT = "MRN-BROWSER-7";
    private static KarafRun karaf;

    private WebDriver browser;
    private Path profile;

    @BeforeAll
    static void startDistribution() throws Exception {
        karaf = KarafRun.unpack("browser");
        karaf.addUser(USER, PASSWORD, "cliniciangroup");
        karaf.addUser("no-role", "N0-role-pass", "nosuchgroup");
        karaf.addUser(ADMIN, ADMIN_PASSWORD, "admingroup");
        karaf.addUser(ZH_USER, ZH_PASSWORD, "cliniciangroup");
        karaf.start();
        assertTrue(karaf.awaitHttp200("/login", Duration.ofMinutes(3)), "console did not come up:\n" + karaf.log());
    }

    @AfterAll
    static void stopDistribution() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    @BeforeEach
    void openBrowser() throws Exception {
        profile = Files.createTempDirectory("skingpt-chromium-");
        browser = HeadlessChromium.open(profile, 1366, 900);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
        KarafRun.deleteTree(profile);
    }

    @Test
    void clinicianLogsInAndSeesTheEngineReady() throws Exception {
        browser.get(karaf.consoleUrl());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        // Not signed in: any page leads to the login form.
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        logIn(USER, PASSWORD);

        WebElement user = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("current-user")));
        assertTrue(user.getText().contains(USER), user.getText());
        // The engine may still be unpacking libtorch on a cold start: the page keeps itself current.
        new WebDriverWait(browser, Duration.ofMinutes(3))
                .until(ExpectedConditions.textToBe(By.id("engine-state"), "Ready"));
        assertEquals("2.7.1", text("engine-version").replaceAll(".*?(\\d+\\.\\d+\\.\\d+).*", "$1"));
        assertFalse(text("engine-device").isBlank());
        String grid = browser.findElement(By.id("bundle-grid")).getText();
        assertTrue(grid.contains("org.skingpt.runtime.djl"), grid);
        screenshot("console-status.png");

        browser.findElement(By.id("logout")).click();
        // Signing out navigates to the sign-in page; a look that falls into that navigation is aborted by the browser
        // ("aborted by navigation"), and is simply tried again.
        wait.ignoring(org.openqa.selenium.WebDriverException.class)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
    }

    @Test
    void anAdminCreatesAnApiTokenThatWorksOverHttpAndRevokesIt() throws Exception {
        browser.get(karaf.consoleUrl() + "api-tokens");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        logIn(ADMIN, ADMIN_PASSWORD);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("current-user")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav-api-tokens"))).click();
        fill(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-token-name"))), "browser-ehr");
        browser.findElement(By.id("api-token-create")).click();
        WebElement secretField = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-token-secret")));
        wait.until(d -> String.valueOf(secretField.getDomProperty("value")).startsWith("skg_"));
        String secret = secretField.getDomProperty("value");
        screenshot("console-api-tokens.png");
        assertTrue(text("api-tokens-message").contains("cannot be shown again"), text("api-tokens-message"));
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest models = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(karaf.consoleUrl() + "api/v1/models")).header("Authorization", "Bearer " + secret).build();
        assertEquals(200, http.send(models, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
        // The console session itself grants no API access.
        String cookie = browser.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(java.util.stream.Collectors.joining("; "));
        assertEquals(401, http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(karaf.consoleUrl()
                + "api/v1/models")).header("Cookie", cookie).build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                .statusCode());
        wait.until(ExpectedConditions.elementToBeClickable(By.id("api-token-revoke-browser-ehr"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("api-tokens-message"), "revoked"));
        assertEquals(401, http.send(models, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
        assertTrue(browser.findElement(By.id("api-token-grid")).getText().contains("revoked"));
        browser.findElement(By.id("logout")).click();
        // A clinician has no token page.
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        logIn(USER, PASSWORD);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("current-user")));
        assertTrue(browser.findElements(By.id("nav-api-tokens")).isEmpty());
        browser.get(karaf.consoleUrl() + "api-tokens");
        wait.until(ExpectedConditions.textToBe(By.id("api-tokens-message"), "Only admins manage API tokens."));
        assertTrue(browser.findElements(By.id("api-token-create")).isEmpty());
    }

    @Test
    void wrongPasswordAndUsersWithoutARoleAreRefused() {
        browser.get(karaf.consoleUrl() + "login");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        logIn(USER, "not-the-password");
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertFalse(error.getText().isBlank());
        assertTrue(browser.findElements(By.id("current-user")).isEmpty(), "must not be signed in");

        logIn("no-role", "N0-role-pass");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "role"));
        assertTrue(browser.findElements(By.id("current-user")).isEmpty(), "a user without a SkinGPT role must not enter");
    }

    /**
     * The clinician's main job in the browser: a photo that is not a photo is refused with a message;
     * a real one is analysed, the four answers stream in and end as the distribution answers this
     * sample (models/samples/expected-answers.tsv), the findings show the condition named in them, a
     * follow-up is answered in context, and reports download in the formats the hospital installed.
     */
    @Test
    void clinicianConsultsOnAPhotoAsksAFollowUpAndDownloadsReports() throws Exception {
        browser.get(karaf.consoleUrl() + "consultation");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        logIn(USER, PASSWORD);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("current-user")));
        browser.get(karaf.consoleUrl() + "consultation");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("image-upload")));
        WebElement banner = browser.findElement(By.id("clinical-use-banner"));
        assertTrue(banner.getText().contains("not for clinical use"), banner.getText());

        // A text file named like a photo: the intake refuses it by its content, with a message; the page keeps working.
        Path fake = Files.createTempFile("notes-", ".jpg");
        Files.writeString(fake, "Patient notes, not an image.\n");
        uploadAndStart(fake);
        WebElement refused;
        try {
            refused = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("consultation-message")));
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("fake-upload-failed.png");
            throw new AssertionError("no message for a text file; page: " + content("intake-card") + " / state: "
                    + text("consultation-state"), e);
        }
        assertEquals("error", refused.getDomAttribute("data-kind"), refused.getText());
        assertTrue(refused.getText().contains("JPEG") || refused.getText().contains("PNG"), refused.getText());
        Files.delete(fake);

        // A real (synthetic) photo: the answers stream while they are generated.
        browser.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("image-upload")));
        Path photo = SAMPLES.resolve(SAMPLE);
        fillReferences();
        watchForPartialAnswer();
        uploadAndStart(photo);
        boolean sawPartialAnswer = false;
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < deadline) {
            String state = browser.findElement(By.id("consultation-state")).getDomAttribute("data-state");
            List<WebElement> last = browser.findElements(By.id("answer-3"));
            List<WebElement> first = browser.findElements(By.id("answer-0"));
            if ("streaming".equals(state) && !first.isEmpty() && !first.get(0).getText().isBlank()
                    && (last.isEmpty() || last.get(0).getText().isBlank())) {
                sawPartialAnswer = true;
            }
            if ("done".equals(state) || "failed".equals(state)) {
                break;
            }
            if (noModelYet()) {
                // A cold distribution may still be loading the demo model: the page says so; try again.
                Thread.sleep(2000);
                browser.navigate().refresh();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("image-upload")));
                fillReferences();
                watchForPartialAnswer();
                uploadAndStart(photo);
                continue;
            }
            Thread.sleep(20);
        }
        screenshot("console-consultation.png");
        assertEquals("done", browser.findElement(By.id("consultation-state")).getDomAttribute("data-state"),
                messageText());
        // Polling can miss the moment on a fast machine (a few WebDriver round trips per look); the page's own
        // observer sees every change of the DOM.
        sawPartialAnswer |= Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return window.skingptSawPartialAnswer === true;"));
        assertTrue(sawPartialAnswer, "the first answer must appear before the last one is generated");
        // The page shows what the distribution answers on this sample with the shipped weights, recorded in
        // models/samples/expected-answers.tsv (ConsultationIT demands the same of the service): the four answers
        // as generated, and the findings read from them. Whether that diagnosis is right is the model's business.
        ExpectedAnswers.Row expected = expected();
        List<String> shown = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            shown.add(content("answer-" + i));
            assertFalse(shown.get(i).isBlank(), "answer " + i + " is empty");
        }
        assertEquals(expected.answer1(), shown.get(0), "the first answer as recorded for " + SAMPLE + "/en");
        assertEquals(expected.digest(), ExpectedAnswers.digest(shown), "the four answers as recorded for " + SAMPLE
                + "/en: " + shown);
        WebElement diagnosis = browser.findElement(By.id("finding-diagnosis"));
        assertEquals(expected.diagnosis(), diagnosis.getDomAttribute("data-condition"), diagnosis.getText());
        assertFalse(expected.diagnosis().isEmpty(), "the recorded answer names a condition");
        assertFalse(diagnosis.getText().isBlank(), "the findings show the diagnosis");
        assertTrue(shown.get(0).toLowerCase(java.util.Locale.ROOT).contains(diagnosis.getText().toLowerCase(java.util.Locale.ROOT)),
                "the findings come from the streamed description: " + shown.get(0));
        assertTrue(browser.findElement(By.id("synthetic-warning")).isDisplayed(), "the demo model must be marked synthetic");
        // The photo's thumbnail is on the page, loaded.
        assertEquals(Boolean.TRUE, ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "const i = document.getElementById('upload-thumbnail-0'); return i != null && i.naturalWidth > 0;"));
        assertTrue(text("provenance").contains("skingpt-demo"), text("provenance"));

        // A follow-up is answered in the same consultation.
        fill(browser.findElement(By.id("follow-up-question")), "Is it contagious?");
        browser.findElement(By.id("ask-follow-up")).click();
        new WebDriverWait(browser, Duration.ofMinutes(2)).until(d -> !d.findElements(By.id("answer-4")).isEmpty()
                && "done".equals(d.findElement(By.id("consultation-state")).getDomAttribute("data-state")));
        assertFalse(content("answer-4").isBlank(), "the follow-up has no answer");

        // Reports: the PDF for the patient and the FHIR document for the record system, follow-up included.
        byte[] pdf = downloadReport("Patient report (PDF)", "application/pdf");
        assertEquals("%PDF", new String(pdf, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        String fhir = new String(downloadReport("FHIR R4 DiagnosticReport (JSON)", "application/fhir+json"), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(fhir.contains("\"DiagnosticReport\""), fhir);
        assertTrue(fhir.contains("Is it contagious?"), "the FHIR document must carry the follow-up question");

        historyFindsReopensAndContinuesTheConsultation(shown, expected);
    }

    /**
     * Accessibility basics on every page an admin sees (an admin sees them all), and in Chinese: axe-core finds no
     * serious or critical violation (unlabelled controls, contrast, ARIA misuse); and the consultation's controls
     * are reached with the Tab key alone, in reading order.
     */
    @Test
    void everyPageIsAccessibleAndTheConsultationIsUsableByKeyboard() throws Exception {
        browser.get(karaf.consoleUrl());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        java.util.Map<String, List<String>> violations = new java.util.LinkedHashMap<>();
        violations.put("login", Accessibility.seriousViolations(browser));
        logIn(ADMIN, ADMIN_PASSWORD);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("current-user")));
        for (String[] page : new String[][] {
                {"status", "bundle-grid"}, {"consultation", "image-upload"}, {"history", "history-grid"},
                {"audit", "audit-grid"}, {"api-tokens", "api-token-name"}, {"models", "models-grid"},
                {"users", "users-grid"}, {"review-studies", "study-title"}, {"reviews", "review-queue"},
                {"about", "current-user"}}) {
            browser.get(karaf.consoleUrl() + page[0]);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(page[1])));
            violations.put(page[0], Accessibility.seriousViolations(browser));
        }
        violations.values().removeIf(List::isEmpty);
        assertEquals(java.util.Map.of(), violations, "serious accessibility violations, by page");

        // Keyboard only: from the top of the consultation page, Tab reaches each control of the intake in order.
        browser.get(karaf.consoleUrl() + "consultation");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("image-upload")));
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.activeElement && document.activeElement.blur();");
        List<String> wanted = List.of("image-upload", "consultation-language", "clinical-context", "patient-ref",
                "encounter-ref", "start-consultation");
        List<String> reached = new java.util.ArrayList<>();
        for (int i = 0; i < 80 && !reached.containsAll(wanted); i++) {
            new org.openqa.selenium.interactions.Actions(browser).sendKeys(org.openqa.selenium.Keys.TAB).perform();
            // The focused element may be a field's own input (with an id of Vaadin's): the control is the nearest
            // ancestor, across shadow roots, with one of the ids looked for.
            Object id = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                    "const wanted = arguments[0]; let e = document.activeElement;"
                    + "while (e && e.shadowRoot && e.shadowRoot.activeElement) { e = e.shadowRoot.activeElement; }"
                    + "while (e && !wanted.includes(e.id)) { e = e.parentElement || (e.getRootNode() && e.getRootNode().host); }"
                    + "return e ? e.id : '';", wanted);
            if (wanted.contains(String.valueOf(id)) && !reached.contains(String.valueOf(id))) {
                reached.add(String.valueOf(id));
            }
        }
        assertEquals(wanted, reached, "controls reached with Tab, in order");
    }

    /**
     * The browser reloads while the answers are being written: nothing is lost. The page's address names the
     * consultation; the reloaded page takes it over and streams the rest, or, if it ended meanwhile, History
     * shows what was saved. Either way the four answers are the ones the distribution gives on this sample,
     * and the consultation is recorded once.
     */
    @Test
    void aReloadInTheMiddleOfTheAnswersLosesNothing() throws Exception {
        browser.get(karaf.consoleUrl() + "consultation");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        logIn(USER, PASSWORD);
        Path photo = SAMPLES.resolve(SAMPLE);
        String id = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (id == null && System.nanoTime() < deadline) {
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("image-upload")));
            fill(browser.findElement(By.id("patient-ref")), "MRN-RELOAD-1");
            uploadAndStart(photo);
            // The address names the consultation once the service has started it.
            long started = System.nanoTime();
            while (System.nanoTime() - started < Duration.ofSeconds(60).toNanos()) {
                String url = browser.getCurrentUrl();
                if (url.contains("consultation?id=")) {
                    id = url.substring(url.indexOf("?id=") + 4);
                    break;
                }
                if (noModelYet()) {
                    break;
                }
                Thread.sleep(5);
            }
            if (id == null) {
                // A cold distribution may still be loading the demo model: try again.
                Thread.sleep(2000);
                browser.navigate().refresh();
            }
        }
        assertTrue(id != null && !id.isBlank(), "the address never named the consultation: " + messageText());
        String stateBefore = browser.findElement(By.id("consultation-state")).getDomAttribute("data-state");
        browser.navigate().refresh();

        ExpectedAnswers.Row expected = expected();
        String consultation = id;
        String where = new WebDriverWait(browser, Duration.ofMinutes(2)).until(d -> {
            if (d.getCurrentUrl().contains("/history/" + consultation) && !d.findElements(By.id("detail-answer-3")).isEmpty()) {
                return "history";
            }
            List<WebElement> state = d.findElements(By.id("consultation-state"));
            return !state.isEmpty() && "done".equals(state.get(0).getDomAttribute("data-state")) ? "consultation" : null;
        });
        System.out.println("After the reload (state before: " + stateBefore + ") the consultation showed on the "
                + where + " page");
        String prefix = where.equals("history") ? "detail-answer-" : "answer-";
        List<String> shown = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            shown.add(content(prefix + i));
        }
        assertEquals(expected.digest(), ExpectedAnswers.digest(shown), "the four answers as recorded for " + SAMPLE
                + ", after a reload: " + shown);
        if (where.equals("consultation")) {
            // Taken over: the photo and the findings are back, and the consultation takes follow-ups.
            assertEquals(Boolean.TRUE, ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                    "const i = document.getElementById('upload-thumbnail-0'); return i != null && i.naturalWidth > 0;"));
            assertEquals(expected.diagnosis(), browser.findElement(By.id("finding-diagnosis")).getDomAttribute("data-condition"));
            assertEquals("MRN-RELOAD-1", browser.findElement(By.id("patient-ref")).getDomProperty("value"));
            fill(browser.findElement(By.id("follow-up-question")), "Is it contagious?");
            browser.findElement(By.id("ask-follow-up")).click();
            new WebDriverWait(browser, Duration.ofMinutes(2)).until(d -> !d.findElements(By.id("answer-4")).isEmpty()
                    && "done".equals(d.findElement(By.id("consultation-state")).getDomAttribute("data-state")));
            assertFalse(content("answer-4").isBlank(), "the follow-up after the reload has no answer");
        }
        // Recorded once: the reload started nothing new.
        browser.get(karaf.consoleUrl() + "history");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("history-grid")));
        fill(browser.findElement(By.id("history-patient")), "MRN-RELOAD-1");
        browser.findElement(By.id("history-search")).click();
        wait.until(d -> d.findElement(By.id("history-grid")).getText().contains("MRN-RELOAD-1"));
        assertEquals("1", browser.findElement(By.id("history-page")).getDomAttribute("data-total"));
    }

    /**
     * The same clinician finds the consultation in the History by its patient reference once it is closed, opens
     * it read-only (photo, answers, findings, synthetic warning), downloads a report again and continues it with a
     * follow-up that the pinned model answers after reading the stored transcript back. Bad filter input gets a
     * message.
     */
    private void historyFindsReopensAndContinuesTheConsultation(List<String> shown, ExpectedAnswers.Row expected)
            throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        browser.findElement(By.id("nav-history")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("history-grid")));
        assertTrue(text("history-scope").contains("Your consultations"), text("history-scope"));

        // From after To: refused with a message, nothing searched.
        typeDate("history-from", "2030-01-02");
        typeDate("history-to", "2030-01-01");
        browser.findElement(By.id("history-search")).click();
        try {
            wait.until(d -> content("history-message").contains("after"));
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("history-dates-failed.png");
            throw e;
        }
        browser.findElement(By.id("history-clear")).click();

        // Leaving the consultation page closed the consultation; the list shows it closed, newest first.
        fill(browser.findElement(By.id("history-patient")), PATIENT);
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> {
            d.findElement(By.id("history-search")).click();
            return d.findElement(By.id("history-grid")).getText().contains("closed");
        });
        assertEquals("1", browser.findElement(By.id("history-page")).getDomAttribute("data-total"));
        String row = browser.findElement(By.id("history-grid")).getText();
        assertTrue(row.contains(PATIENT) && row.contains("ENC-7") && row.contains(USER), row);
        screenshot("console-history.png");

        browser.findElement(By.cssSelector("a[id^='history-open-']")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("detail-answer-4")));
        assertTrue(browser.findElement(By.id("detail-synthetic-warning")).isDisplayed(),
                "the stored answers of the demo model must be marked synthetic too");
        assertEquals(PATIENT, text("detail-patient"));
        for (int i = 0; i < 4; i++) {
            assertEquals(shown.get(i), content("detail-answer-" + i), "stored answer " + i);
        }
        assertEquals(expected.diagnosis(), browser.findElement(By.id("detail-diagnosis")).getDomAttribute("data-condition"));
        assertTrue(content("detail-provenance").contains("skingpt-demo"), content("detail-provenance"));
        assertTrue(content("detail-reports").contains("patient-pdf"), "the reports handed out are listed: "
                + content("detail-reports"));
        assertEquals(Boolean.TRUE, ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "const i = document.getElementById('detail-image-0'); return i != null && i.naturalWidth > 0;"));
        screenshot("console-history-detail.png");

        // Any report again, from the record.
        byte[] pdf = fetch(browser.findElement(By.id("detail-report-download")).getDomProperty("href"), "application/pdf");
        assertEquals("%PDF", new String(pdf, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));

        // A follow-up continues the stored consultation with the model versions that answered it.
        fill(browser.findElement(By.id("detail-follow-up")), "Does it itch?");
        browser.findElement(By.id("detail-ask")).click();
        new WebDriverWait(browser, Duration.ofMinutes(3)).until(d -> !d.findElements(By.id("detail-answer-5")).isEmpty()
                && "idle".equals(d.findElement(By.id("history-detail")).getDomAttribute("data-state")));
        // Vaadin leaves a hidden component out of the page: no element, or a hidden one, means no message.
        assertTrue(browser.findElements(By.id("detail-message")).stream().allMatch(e -> e.getDomAttribute("hidden")
                != null), () -> "follow-up refused: " + content("detail-message"));
        String answer = content("detail-answer-5");
        assertFalse(answer.isBlank(), "the follow-up has no answer");
        // It is in the record: the page read again shows it.
        browser.navigate().refresh();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("detail-answer-5")));
        assertEquals(answer, content("detail-answer-5"));
    }

    /**
     * An admin reads the audit trail: the chain is verified intact, a filter finds the admin's own sign-in, the CSV
     * export holds it; a clinician gets no audit page.
     */
    @Test
    void anAdminReadsVerifiesAndExportsTheAuditTrail() throws Exception {
        browser.get(karaf.consoleUrl() + "audit");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        logIn(ADMIN, ADMIN_PASSWORD);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav-audit")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("audit-grid")));
        wait.until(ExpectedConditions.textToBe(By.id("audit-chain-state"), "Intact"));
        assertTrue(text("audit-chain-summary").contains("entries checked"), text("audit-chain-summary"));
        fill(browser.findElement(By.id("audit-actor")), ADMIN);
        browser.findElement(By.id("audit-search")).click();
        wait.until(d -> d.findElement(By.id("audit-grid")).getText().contains("LOGIN_SUCCEEDED"));
        screenshot("console-audit.png");
        String csv = new String(fetch(browser.findElement(By.id("audit-export")).getDomProperty("href"), "text/csv"),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(csv.startsWith("sequence,time,actor,action,target,detail,source_address\r\n"), csv);
        assertTrue(csv.contains("," + ADMIN + ",LOGIN_SUCCEEDED,"), csv);
        // Verifying and exporting are audited themselves.
        browser.findElement(By.id("audit-search")).click();
        wait.until(d -> d.findElement(By.id("audit-grid")).getText().contains("AUDIT_EXPORTED"));
        assertTrue(text("audit-grid").contains("AUDIT_VERIFIED"), text("audit-grid"));

        browser.findElement(By.id("logout")).click();
        // Signing out navigates to the sign-in page; a look that falls into that navigation is aborted by the browser
        // ("aborted by navigation"), and is simply tried again.
        wait.ignoring(org.openqa.selenium.WebDriverException.class)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        logIn(USER, PASSWORD);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("current-user")));
        assertTrue(browser.findElements(By.id("nav-audit")).isEmpty());
        browser.get(karaf.consoleUrl() + "audit");
        wait.until(ExpectedConditions.textToBe(By.id("audit-refused"), "Only admins read the audit trail."));
        assertTrue(browser.findElements(By.id("audit-grid")).isEmpty());
    }

    /**
     * The console in Simplified Chinese: chosen on the login page, the pages and menus are Chinese (and the
     * screenshots show characters: the test machine has a CJK font); the choice follows the user to a fresh browser
     * (kept per user), and English comes back from the same menu. English is the default for everyone else.
     */
    @Test
    void theConsoleSpeaksChineseWhenAUserChoosesIt() throws Exception {
        browser.get(karaf.consoleUrl() + "login");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        assertEquals("Sign in", text("login"));
        choose("language-select", "简体中文");
        wait.until(ExpectedConditions.textToBe(By.id("login"), "登录"));
        logIn(ZH_USER, ZH_PASSWORD);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("current-user")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("main-nav"), "历史记录"));
        assertTrue(text("clinical-use-banner").contains("不得用于临床"), text("clinical-use-banner"));
        new WebDriverWait(browser, Duration.ofMinutes(3))
                .until(ExpectedConditions.textToBe(By.id("engine-state"), "就绪"));
        assertTrue(browser.getTitle().startsWith("状态"), browser.getTitle());
        screenshot("console-zh-status.png");
        browser.findElement(By.id("nav-history")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("history-grid")));
        assertTrue(text("history-scope").contains("您的问诊"), text("history-scope"));
        browser.findElement(By.id("nav-consultation")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("image-upload")));
        assertEquals("开始问诊", text("start-consultation"));
        screenshot("console-zh-consultation.png");

        // A fresh browser (no cookie): the user's choice comes back at sign-in; the login page itself is English.
        browser.manage().deleteAllCookies();
        browser.get(karaf.consoleUrl() + "login");
        wait.until(ExpectedConditions.textToBe(By.id("login"), "Sign in"));
        logIn(ZH_USER, ZH_PASSWORD);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("main-nav"), "历史记录"));

        choose("language-select", "English");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("main-nav"), "History"));
        assertFalse(text("main-nav").contains("历史记录"), text("main-nav"));
    }

    /** The sample photo (models/samples) the browser test consults on, in English. */
    private static final String SAMPLE = "psoriasis_1.png";
    private static final Path SAMPLES = Paths.get(System.getProperty("basedir", ".")).resolve("../models/samples")
            .normalize();

    /** What the distribution answers on {@link #SAMPLE} in English, from models/samples/expected-answers.tsv. */
    private static ExpectedAnswers.Row expected() throws Exception {
        return ExpectedAnswers.read(SAMPLES).rows().stream()
                .filter(r -> r.sample().equals(SAMPLE) && r.locale().equals("en")).findFirst()
                .orElseThrow(() -> new AssertionError(SAMPLE + "/en is not in " + ExpectedAnswers.FILE));
    }

    /** Records in the page whether the first answer ever had text while the last one had none (streaming seen). */
    private void watchForPartialAnswer() {
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "window.skingptSawPartialAnswer = false;"
                + "new MutationObserver(function () {"
                + "  var first = document.getElementById('answer-0'), last = document.getElementById('answer-3');"
                + "  if (first && first.textContent.trim().length > 0 && (!last || last.textContent.trim().length == 0)) {"
                + "    window.skingptSawPartialAnswer = true;"
                + "  }"
                + "}).observe(document.body, {subtree: true, childList: true, characterData: true});");
    }

    private void uploadAndStart(Path file) {
        WebElement upload = browser.findElement(By.id("image-upload"));
        WebElement input = (WebElement) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "const u = arguments[0];"
                        + "return (u.$ && u.$.fileInput) || (u.shadowRoot && u.shadowRoot.querySelector('input[type=file]'))"
                        + " || u.querySelector('input[type=file]');", upload);
        input.sendKeys(file.toAbsolutePath().toString());
        try {
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("consultation-state"), "Ready to start"));
        } catch (org.openqa.selenium.TimeoutException e) {
            try {
                screenshot("upload-failed.png");
            } catch (Exception ignored) {
                // the timeout is what matters
            }
            throw new AssertionError("upload of " + file + " did not finish; upload shows: " + upload.getText()
                    + "; message: " + messageText(), e);
        }
        WebElement start = browser.findElement(By.id("start-consultation"));
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "arguments[0].scrollIntoView({block: 'center'});", start);
        start.click();
        // Back to the top, where the state and the messages are (out of view, WebDriver reads them as empty).
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById('consultation-state').scrollIntoView({block: 'start'});");
    }

    private boolean noModelYet() {
        List<WebElement> m = browser.findElements(By.id("consultation-message"));
        return !m.isEmpty() && m.get(0).isDisplayed() && m.get(0).getText().toLowerCase(java.util.Locale.ROOT)
                .contains("no model");
    }

    private String messageText() {
        List<WebElement> m = browser.findElements(By.id("consultation-message"));
        return m.isEmpty() ? "" : m.get(0).getText();
    }

    /** Picks the format in the page, then fetches the download link with the browser's session. */
    private byte[] downloadReport(String formatName, String mediaType) throws Exception {
        WebElement select = browser.findElement(By.id("report-format"));
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "arguments[0].scrollIntoView({block: 'center'});", select);
        select.click();
        WebElement item = new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElements(
                By.cssSelector("vaadin-select-item[role='option']")).stream().filter(e -> e.getText().equals(formatName))
                .findFirst().orElse(null));
        item.click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElement(By.id("report-format"))
                .getText().contains(formatName));
        Thread.sleep(500); // the choice reaches the server with the next round trip
        String href = browser.findElement(By.id("report-download")).getDomProperty("href");
        String cookies = browser.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(java.util.stream.Collectors.joining("; "));
        java.net.http.HttpResponse<byte[]> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(href)).header("Cookie", cookies).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith(mediaType),
                response.headers().map().toString());
        // The file is named after the condition the findings name.
        assertTrue(response.headers().firstValue("Content-Disposition").orElse("").contains("skingpt-"
                + expected().diagnosis() + "-"), response.headers().map().toString());
        return response.body();
    }

    private void fillReferences() {
        fill(browser.findElement(By.id("patient-ref")), PATIENT);
        fill(browser.findElement(By.id("encounter-ref")), "ENC-7");
    }

    /** Types a date into a Vaadin date picker and leaves the field (the value is committed on blur). */
    private void typeDate(String id, String isoDate) {
        WebElement picker = browser.findElement(By.id(id));
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();", picker);
        // Typing opens the calendar; Enter takes the typed date and closes it.
        new org.openqa.selenium.interactions.Actions(browser).sendKeys(isoDate)
                .sendKeys(org.openqa.selenium.Keys.ENTER).perform();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.findElement(By.id(id)).getDomAttribute("opened")
                == null);
    }

    /** Picks an item of a Vaadin select by its label. */
    private void choose(String selectId, String label) {
        WebElement select = browser.findElement(By.id(selectId));
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "arguments[0].scrollIntoView({block: 'center'});", select);
        select.click();
        WebElement item = new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElements(
                By.cssSelector("vaadin-select-item[role='option']")).stream().filter(e -> e.getText().equals(label))
                .findFirst().orElse(null));
        item.click();
    }

    /** Fetches a download link of the page with the browser's session. */
    private byte[] fetch(String href, String mediaType) throws Exception {
        String cookies = browser.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(java.util.stream.Collectors.joining("; "));
        java.net.http.HttpResponse<byte[]> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(href)).header("Cookie", cookies).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith(mediaType),
                response.headers().map().toString());
        return response.body();
    }

    private void logIn(String user, String password) {
        WebElement name = browser.findElement(By.id("username"));
        WebElement secret = browser.findElement(By.id("password"));
        fill(name, user);
        fill(secret, password);
        browser.findElement(By.id("login")).click();
    }

    private static void fill(WebElement field, String value) {
        // Vaadin text fields wrap a native <input>; type into it.
        List<WebElement> inputs = field.findElements(By.cssSelector("input"));
        WebElement input = inputs.isEmpty() ? field : inputs.get(0);
        input.clear();
        input.sendKeys(value);
    }

    /** Text of an element wherever it is on the page (scrolled out of view too). */
    private String content(String id) {
        return String.valueOf(((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "const e = document.getElementById(arguments[0]); return e ? e.textContent : '';", id));
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private void screenshot(String name) throws Exception {
        Path target = Paths.get("target", "screenshots");
        Files.createDirectories(target);
        Files.write(target.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
