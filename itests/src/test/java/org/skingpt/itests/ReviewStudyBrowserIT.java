package org.skingpt.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The paper's clinician review study as a workflow, in a real browser against the real distribution: a clinician
 * runs two consultations; an admin makes a study of them and assigns reviewers; two reviewers each review both
 * items blinded (the model's answers are not in the page until they have given their own diagnosis) and rate the
 * seven statements; the results page shows n = 4 per statement with the shares and intervals the entered ratings
 * give, inter-rater alpha and the paper's numbers; the CSV holds the four reviews. A third reviewer's review of a
 * consultation erased meanwhile is refused with a message and the form keeps what was entered.
 */
class ReviewStudyBrowserIT {

    private static final String CLINICIAN = "dr-study";
    private static final String CLINICIAN_PASSWORD = "Cl1nician-Study";
    private static final String ADMIN = "study-admin";
    private static final String ADMIN_PASSWORD = "Study-Adm1n-Pass";
    private static final String[] REVIEWERS = {"rev-one", "rev-two", "rev-three"};
    private static final String REVIEWER_PASSWORD = "Rev1ewer-Pass";
    private static final String[] SAMPLES = {"psoriasis_1.png", "melanoma_1.png"};
    private static final Path SAMPLE_DIR = Paths.get(System.getProperty("basedir", ".")).resolve("../models/samples")
            .normalize();
    /** The five answers as the English page labels them, 5 (strongly agree) down to 1. */
    private static final String[] LABELS = {"", "Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"};
    /** The paper's published shares, in statement order. */
    private static final String[] PAPER = {"80.63%", "82.50%", "85.63%", "87.50%", "83.70%", "92.50%", "77.50%"};
    /**
     * Scores entered, [reviewer][item][statement], 5 = strongly agree. Chosen so that every statement has both
     * agreement and disagreement (alpha is defined) and the shares differ between statements.
     */
    private static final int[][][] PLAN = {
        {{5, 4, 4, 2, 3, 5, 1}, {4, 4, 2, 2, 5, 5, 2}},
        {{4, 2, 4, 4, 1, 5, 2}, {2, 3, 5, 1, 4, 3, 4}}};

    private static KarafRun karaf;
    private WebDriver browser;
    private Path profile;

    @BeforeAll
    static void startDistribution() throws Exception {
        karaf = KarafRun.unpack("review-study");
        karaf.addUser(CLINICIAN, CLINICIAN_PASSWORD, "cliniciangroup");
        karaf.addUser(ADMIN, ADMIN_PASSWORD, "admingroup");
        for (String r : REVIEWERS) {
            karaf.addUser(r, REVIEWER_PASSWORD, "reviewergroup");
        }
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
        browser = HeadlessChromium.open(profile, 1366, 1400);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
        KarafRun.deleteTree(profile);
    }

    @Test
    void cliniciansReviewBlindedAndTheResultsAreThePapersTable() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));

        // A clinician runs two consultations; what the page shows as the first answer is what reviewers must not
        // see before their own diagnosis.
        signIn(CLINICIAN, CLINICIAN_PASSWORD);
        List<String> firstAnswers = new ArrayList<>();
        for (String sample : SAMPLES) {
            firstAnswers.add(consult(SAMPLE_DIR.resolve(sample)));
        }
        assertNotEquals(firstAnswers.get(0), firstAnswers.get(1));
        signOut();

        // An admin makes a study of both and assigns three reviewers.
        signIn(ADMIN, ADMIN_PASSWORD);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("nav-review-studies"))).click();
        fill(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("study-title"))), "Browser study");
        wait.until(d -> d.findElements(By.cssSelector("vaadin-button[id^='study-add-']")).size() == 2);
        for (WebElement add : browser.findElements(By.cssSelector("vaadin-button[id^='study-add-']"))) {
            click(add);
        }
        wait.until(d -> String.valueOf(d.findElement(By.id("study-consultations")).getDomProperty("value"))
                .split(",").length == 2);
        click(browser.findElement(By.id("study-create")));
        wait.until(d -> content("study-message").contains("created with 2"));
        WebElement resultsLink = wait.until(d -> d.findElements(By.cssSelector("a[id^='study-results-']")).stream()
                .findFirst().orElse(null));
        String studyId = resultsLink.getDomAttribute("id").substring("study-results-".length());
        fill(browser.findElement(By.id("study-reviewers")), String.join(", ", REVIEWERS));
        click(browser.findElement(By.id("study-assign")));
        wait.until(d -> content("study-message").contains("rev-one, rev-three, rev-two"));
        signOut();

        // Two reviewers review both items, blinded.
        List<String> revealed = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            signIn(REVIEWERS[r], REVIEWER_PASSWORD);
            assertTrue(browser.findElements(By.id("nav-review-studies")).isEmpty(), "reviewers do not run studies");
            for (int item = 0; item < 2; item++) {
                wait.until(ExpectedConditions.elementToBeClickable(By.id("nav-my-reviews"))).click();
                click(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("review-open-" + studyId + "-" + item))));
                String answer = reviewBlinded(firstAnswers, r == 0 && item == 0,
                        r == 0 ? "psoriasis" : null, r == 1 ? (item == 0 ? "plaque psoriasis" : "nevus") : null);
                rate(PLAN[r][item], "reviewer " + r + " item " + item);
                if (r == 0 && item == 1) {
                    screenshot("review-form.png");
                    assertEquals(List.of(), Accessibility.seriousViolations(browser),
                            "serious accessibility violations on the review form");
                }
                click(browser.findElement(By.id("review-submit")));
                wait.until(d -> content("review-message").contains("Review stored"));
                if (r == 0) {
                    revealed.add(answer);
                } else {
                    assertEquals(revealed.get(item), answer, "both reviewers see the same item's answers");
                }
            }
            wait.until(ExpectedConditions.elementToBeClickable(By.id("nav-my-reviews"))).click();
            wait.until(d -> content("review-queue").contains("Reviewed"));
            assertTrue(browser.findElements(By.cssSelector("a[id^='review-open-']")).isEmpty(), "both reviewed");
            signOut();
        }
        assertEquals(new java.util.HashSet<>(firstAnswers), new java.util.HashSet<>(revealed),
                "each item shows its own consultation's answers");

        // The admin reads the results: n = 4 per statement, the shares and intervals the ratings above give.
        signIn(ADMIN, ADMIN_PASSWORD);
        browser.get(karaf.consoleUrl() + "review-studies/" + studyId + "/results");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("results-table-0")));
        for (int s = 0; s < 7; s++) {
            int agree = 0;
            for (int[][] reviewer : PLAN) {
                for (int[] item : reviewer) {
                    agree += item[s] >= 4 ? 1 : 0;
                }
            }
            String row = "results-0-" + s + "-";
            assertEquals("4", text(row + "n"), "statement " + (s + 1));
            assertEquals(String.format(Locale.ROOT, "%.1f%%", 100.0 * agree / 4), text(row + "agree"),
                    "statement " + (s + 1));
            assertEquals(wilson(agree, 4), text(row + "ci"), "statement " + (s + 1));
            assertEquals(PAPER[s], text(row + "paper"));
            assertTrue(text(row + "alpha").matches("-?\\d\\.\\d\\d"), "alpha of statement " + (s + 1) + ": "
                    + text(row + "alpha"));
            assertTrue(text(row + "distribution").contains("Strongly agree " + count(s, 5)), text(row + "distribution"));
            assertTrue(text(row + "distribution").contains("Neutral " + count(s, 3)), text(row + "distribution"));
        }
        assertTrue(text("results-model-0").contains("2 consultations, 4 reviews"), text("results-model-0"));
        assertTrue(text("results-diagnosis-0").contains("of 4 reviews"), text("results-diagnosis-0"));
        screenshot("review-results.png");
        assertEquals(List.of(), Accessibility.seriousViolations(browser), "serious accessibility violations on the results");

        // The raw ratings: one row per review, seven scores each.
        List<String> csv = List.of(new String(fetch(browser.findElement(By.id("results-export")).getDomProperty("href")),
                StandardCharsets.UTF_8).split("\r\n"));
        assertEquals(5, csv.size(), String.join("\n", csv));
        assertTrue(csv.get(0).startsWith("study_id,consultation_id,model_version,reviewer,"), csv.get(0));
        List<String> erasable = new ArrayList<>();
        for (int item = 0; item < 2; item++) {
            for (int r = 0; r < 2; r++) {
                String[] f = csv.get(1 + item * 2 + r).split(",");
                assertEquals(studyId, f[0]);
                assertEquals(REVIEWERS[r], f[3], csv.get(1 + item * 2 + r));
                String scores = java.util.Arrays.stream(PLAN[r][item]).mapToObj(String::valueOf)
                        .collect(Collectors.joining(","));
                assertTrue(csv.get(1 + item * 2 + r).contains("," + scores + ","), csv.get(1 + item * 2 + r)
                        + " lacks " + scores);
                if (item == 0) {
                    erasable.add(f[1]);
                }
            }
        }
        signOut();

        // Bad input: a third reviewer rates the first item, which is erased before they submit.
        signIn(REVIEWERS[2], REVIEWER_PASSWORD);
        browser.get(karaf.consoleUrl() + "reviews/" + studyId + "/0");
        reviewBlinded(firstAnswers, false, null, "tinea");
        int[] late = {3, 3, 3, 3, 3, 3, 3};
        rate(late, "third reviewer");
        fill(browser.findElement(By.id("review-comment")), "entered before the erasure");
        try (KarafSsh ssh = new KarafSsh(karaf.sshPort())) {
            String out = ssh.run(ADMIN, ADMIN_PASSWORD, "skingpt:erase --force --reason review-it " + erasable.get(0));
            assertFalse(out.toLowerCase(Locale.ROOT).contains("error"), out);
        }
        click(browser.findElement(By.id("review-submit")));
        wait.until(d -> content("review-message").contains("was erased"));
        assertTrue(text("review-message").contains("nothing was stored"), text("review-message"));
        assertEquals("error", browser.findElement(By.id("review-message")).getDomAttribute("data-kind"));
        // Nothing entered is lost from the page.
        assertTrue(content("review-rating-6").contains("Neutral"), content("review-rating-6"));
        assertEquals("entered before the erasure", browser.findElement(By.id("review-comment")).getDomProperty("value"));
        browser.get(karaf.consoleUrl() + "review-studies/" + studyId + "/results");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("results-erased")));
        assertEquals("2", text("results-0-0-n"), "the erased consultation's reviews went with it");
    }

    /**
     * On a review form: the images are shown and the model's answers are nowhere in the page; the reveal refuses
     * without a diagnosis; after a diagnosis (a condition chosen, or typed) the answers appear.
     *
     * @return the first answer as revealed
     */
    private String reviewBlinded(List<String> firstAnswers, boolean screenshot, String condition, String typed)
            throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        WebElement image = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("review-image-0")));
        wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                "return arguments[0].complete && arguments[0].naturalWidth > 0;", image)));
        for (String answer : firstAnswers) {
            assertFalse(pageText().contains(answer), "the model's answer is in the page before the diagnosis");
        }
        assertTrue(browser.findElements(By.id("review-rating-0")).isEmpty());
        assertTrue(browser.findElements(By.id("review-answer-0")).isEmpty());
        if (screenshot) {
            screenshot("review-form-blinded.png");
        }
        click(browser.findElement(By.id("review-reveal")));
        wait.until(d -> content("review-message").contains("own diagnosis first"));
        assertTrue(browser.findElements(By.id("review-answer-0")).isEmpty(), "revealed without a diagnosis");
        if (condition != null) {
            choose("review-condition", condition);
        }
        if (typed != null) {
            fill(browser.findElement(By.id("review-diagnosis")), typed);
        }
        click(browser.findElement(By.id("review-reveal")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("review-answer-0")));
        String shown = content("review-answer-0");
        assertTrue(firstAnswers.contains(shown), "revealed answer is not one of the consultations': " + shown);
        assertTrue(pageText().contains(shown));
        assertTrue(text("review-locked").contains(typed != null ? typed : condition), text("review-locked"));
        return shown;
    }

    private void rate(int[] scores, String who) {
        for (int s = 0; s < scores.length; s++) {
            choose("review-rating-" + s, LABELS[scores[s]]);
            int i = s;
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> content("review-rating-" + i)
                    .contains(LABELS[scores[i]]));
        }
    }

    private static int count(int statement, int score) {
        int n = 0;
        for (int[][] reviewer : PLAN) {
            for (int[] item : reviewer) {
                n += item[statement] == score ? 1 : 0;
            }
        }
        return n;
    }

    /** The Wilson score 95% interval as the page writes it (computed here from the counts the test entered). */
    private static String wilson(int count, int n) {
        double z = 1.959963984540054;
        double p = (double) count / n;
        double d = 1 + z * z / n;
        double centre = (p + z * z / (2 * n)) / d;
        double half = z / d * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n));
        double low = count == 0 ? 0 : centre - half;
        double high = count == n ? 1 : centre + half;
        return String.format(Locale.ROOT, "%.1f\u2013%.1f%%", 100 * low, 100 * high);
    }

    /** Runs one consultation on the sample photo; returns the first answer as the page shows it. */
    private String consult(Path photo) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (true) {
            browser.get(karaf.consoleUrl() + "consultation");
            new WebDriverWait(browser, Duration.ofSeconds(60))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id("image-upload")));
            uploadAndStart(photo);
            String state = "";
            while (System.nanoTime() < deadline) {
                state = String.valueOf(browser.findElement(By.id("consultation-state")).getDomAttribute("data-state"));
                if ("done".equals(state) || "failed".equals(state) || noModelYet()) {
                    break;
                }
                Thread.sleep(100);
            }
            if ("done".equals(state)) {
                return content("answer-0");
            }
            if (!noModelYet() || System.nanoTime() > deadline) {
                screenshot("review-consultation-failed.png");
                throw new AssertionError("consultation on " + photo + " ended " + state + ": " + content("consultation-message"));
            }
            Thread.sleep(2000); // a cold distribution may still be loading the demo model
        }
    }

    private boolean noModelYet() {
        List<WebElement> m = browser.findElements(By.id("consultation-message"));
        return !m.isEmpty() && m.get(0).isDisplayed() && m.get(0).getText().toLowerCase(Locale.ROOT).contains("no model");
    }

    private void uploadAndStart(Path file) {
        WebElement upload = browser.findElement(By.id("image-upload"));
        WebElement input = (WebElement) ((JavascriptExecutor) browser).executeScript(
                "const u = arguments[0];"
                        + "return (u.$ && u.$.fileInput) || (u.shadowRoot && u.shadowRoot.querySelector('input[type=file]'))"
                        + " || u.querySelector('input[type=file]');", upload);
        input.sendKeys(file.toAbsolutePath().toString());
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("consultation-state"), "Ready to start"));
        click(browser.findElement(By.id("start-consultation")));
    }

    private void signIn(String user, String password) throws Exception {
        browser.get(karaf.consoleUrl());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        type(name, user);
        type(browser.findElement(By.id("password")), password);
        browser.findElement(By.id("login")).click();
        try {
            wait.until(d -> content("current-user").contains(user));
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("review-sign-in-failed.png");
            throw new AssertionError(user + " could not sign in; the page says: " + pageText(), e);
        }
    }

    /** Types into a Vaadin text field's native input (as ConsoleBrowserIT does). */
    private static void type(WebElement field, String value) {
        List<WebElement> inputs = field.findElements(By.cssSelector("input"));
        WebElement input = inputs.isEmpty() ? field : inputs.get(0);
        input.clear();
        input.sendKeys(value);
    }

    private void signOut() {
        click(browser.findElement(By.id("logout")));
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
    }

    /**
     * Picks an item of a Vaadin select by its label. A select just added to the page may not open on the first
     * click (its web component is still being set up): the click is repeated until the list shows.
     */
    private void choose(String selectId, String label) {
        WebElement item = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (item == null && System.nanoTime() < deadline) {
            click(browser.findElement(By.id(selectId)));
            try {
                item = new WebDriverWait(browser, Duration.ofSeconds(3)).until(d -> d.findElements(
                        By.cssSelector("vaadin-select-item[role='option']")).stream()
                        .filter(e -> e.isDisplayed() && e.getText().equals(label)).findFirst().orElse(null));
            } catch (org.openqa.selenium.TimeoutException e) {
                new org.openqa.selenium.interactions.Actions(browser).sendKeys(org.openqa.selenium.Keys.ESCAPE).perform();
            }
        }
        if (item == null) {
            try {
                screenshot("review-choose-failed.png");
            } catch (Exception ignored) {
                // the assertion is what matters
            }
            throw new AssertionError("'" + label + "' never showed in " + selectId + ": " + content(selectId));
        }
        item.click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.findElement(By.id(selectId))
                .getDomAttribute("opened") == null);
    }

    private void click(WebElement e) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", e);
        e.click();
    }

    private static void fill(WebElement field, String value) {
        List<WebElement> inputs = field.findElements(By.cssSelector("input, textarea"));
        WebElement input = inputs.isEmpty() ? field : inputs.get(0);
        input.clear();
        input.sendKeys(value);
        // The value reaches the server on change (blur).
        input.sendKeys(org.openqa.selenium.Keys.TAB);
    }

    private byte[] fetch(String href) throws Exception {
        String cookies = browser.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
        java.net.http.HttpResponse<byte[]> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(href)).header("Cookie", cookies).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"),
                response.headers().map().toString());
        return response.body();
    }

    /** Every text in the page, as the DOM holds it (scrolled out of view too). */
    private String pageText() {
        return String.valueOf(((JavascriptExecutor) browser).executeScript("return document.body.textContent;"));
    }

    private String content(String id) {
        return String.valueOf(((JavascriptExecutor) browser).executeScript(
                "const e = document.getElementById(arguments[0]); return e ? e.textContent : '';", id));
    }

    private String text(String id) {
        return content(id).strip();
    }

    /** Into target/screenshots, as ConsoleBrowserIT; the ones in docs/images are copied from there. */
    private void screenshot(String name) throws Exception {
        Path target = Paths.get("target", "screenshots");
        Files.createDirectories(target);
        Files.write(target.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
