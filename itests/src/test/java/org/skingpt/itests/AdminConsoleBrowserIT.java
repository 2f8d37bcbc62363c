package org.skingpt.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin pages in a real browser against the real distribution: an admin deploys a model bundle by upload
 * (checksum shown before the install), pins it, and uninstalls it while a clinician (a second browser) has a
 * consultation open on it, which still gets its answer; bad uploads and a tampered model are refused with their
 * reasons. On the Users page the admin creates an account that then signs in, and unlocks one that failed
 * sign-ins locked.
 */
class AdminConsoleBrowserIT {

    private static final String ADMIN = "site-admin";
    private static final String ADMIN_PASSWORD = "Site-Adm1n-Pass";
    private static final String CLINICIAN = "dr-swap";
    private static final String CLINICIAN_PASSWORD = "Sw4p-Clinic-Pass";
    private static final String LOCKED = "dr-forgetful";
    private static final String LOCKED_PASSWORD = "F0rgetful-Pass";
    /** Small enough for a test file to pass it, large enough for the demo model bundle (about 8 MB). */
    private static final int UPLOAD_LIMIT_MB = 12;
    /** Failed sign-ins that lock a name in this test (etc/org.skingpt.accounts.cfg). */
    private static final int MAX_FAILURES = 3;
    private static final String LLM = "skingpt-demo-llm";
    private static final Path SAMPLES = Paths.get(System.getProperty("basedir", ".")).resolve("../models/samples")
            .normalize();
    private static final Path DOC_IMAGES = Paths.get(System.getProperty("basedir", ".")).resolve("../docs/images")
            .normalize();
    private static KarafRun karaf;

    private WebDriver browser;
    private final List<Path> profiles = new java.util.ArrayList<>();
    private final List<WebDriver> others = new java.util.ArrayList<>();

    @BeforeAll
    static void startDistribution() throws Exception {
        karaf = KarafRun.unpack("admin-browser");
        karaf.addUser(ADMIN, ADMIN_PASSWORD, "admingroup");
        karaf.addUser(CLINICIAN, CLINICIAN_PASSWORD, "cliniciangroup");
        karaf.addUser(LOCKED, LOCKED_PASSWORD, "cliniciangroup");
        karaf.setProperty("etc/org.skingpt.console.cfg", "bundleUploadMaxMegabytes", String.valueOf(UPLOAD_LIMIT_MB));
        karaf.setProperty("etc/org.skingpt.accounts.cfg", "maxFailures", String.valueOf(MAX_FAILURES));
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
        browser = newBrowser();
    }

    @AfterEach
    void closeBrowsers() {
        browser.quit();
        others.forEach(WebDriver::quit);
        others.clear();
        profiles.forEach(KarafRun::deleteTree);
        profiles.clear();
    }

    private WebDriver newBrowser() throws Exception {
        Path profile = Files.createTempDirectory("skingpt-chromium-");
        profiles.add(profile);
        return HeadlessChromium.open(profile, 1600, 1000);
    }

    @Test
    void anAdminDeploysPinsAndUninstallsAModelWhileAConsultationOnItFinishes() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        signIn(browser, "models", ADMIN, ADMIN_PASSWORD);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav-models")));
        // The shipped model loads in the background after boot.
        new WebDriverWait(browser, Duration.ofMinutes(3)).until(d -> "READY".equals(state(d, LLM + "-1.0.0")));

        // Bad input: a text file named like a jar is refused on the server; a file over the limit in the browser.
        Path notes = Files.createTempFile("notes-", ".jar");
        Files.writeString(notes, "Ward notes, not a bundle.\n");
        upload(notes);
        awaitMessage("not a jar (ZIP) file");
        assertEquals("error", browser.findElement(By.id("models-message")).getDomAttribute("data-kind"));
        // Vaadin leaves a hidden component out of the page: no element, or a hidden one, means nothing offered.
        assertTrue(browser.findElements(By.id("deploy-preview")).stream().noneMatch(WebElement::isDisplayed),
                "nothing is offered for installing");
        Path big = Files.createTempFile("big-", ".jar");
        try (var out = Files.newOutputStream(big)) {
            byte[] block = new byte[1024 * 1024];
            for (int i = 0; i <= UPLOAD_LIMIT_MB; i++) {
                out.write(block);
            }
        }
        upload(big);
        awaitMessage("larger than the upload limit of " + UPLOAD_LIMIT_MB + " MB");
        assertTrue(text(browser, "bundle-upload-limit").contains(UPLOAD_LIMIT_MB + " MB"));
        // By server path: only an absolute path of a readable jar.
        fill(browser.findElement(By.id("bundle-path")), "incoming/model.jar");
        click(browser, "bundle-path-check");
        awaitMessage("give the absolute path of a jar on the server");
        fill(browser.findElement(By.id("bundle-path")), notes.toAbsolutePath().toString());
        click(browser, "bundle-path-check");
        awaitMessage("not a jar (ZIP) file");

        // The demo language model as version 1.0.1, uploaded: what it is and its SHA-256 are shown before installing.
        Path weights = ModelBundles.demo("decoder/llm.safetensors");
        Path jar = ModelBundles.modelBundle("it.model.demo", "1.0.1",
                ModelBundles.demoDecoderDescriptor(LLM, "1.0.1", weights), ModelBundles.demoDecoderFiles(weights));
        upload(jar);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("deploy-preview")));
        assertEquals(ModelBundles.sha256(jar), text(browser, "preview-sha256"));
        assertEquals("it.model.demo", text(browser, "preview-bsn"));
        assertEquals("1.0.1", text(browser, "preview-version"));
        assertEquals("SkinGPT-Model: model.json", text(browser, "preview-header"));
        assertEquals(LLM + "@1.0.1", text(browser, "preview-model"));
        assertTrue(browser.findElements(By.id("model-state-" + LLM + "-1.0.1")).isEmpty(), "not installed before the yes");
        click(browser, "deploy-confirm");
        awaitMessage("installed and started");
        new WebDriverWait(browser, Duration.ofMinutes(2)).until(d -> "READY".equals(state(d, LLM + "-1.0.1")));
        String sha = attribute(browser, "model-sha-" + LLM + "-1.0.1", "data-sha256");
        assertEquals(ModelBundles.sha256(weights), sha, "the table shows the weights' SHA-256");

        // Pinned: new consultations get it (it is also the newest; the pin shows and survives it being so).
        clickInGrid(browser, "model-pin-" + LLM + "-1.0.1",
                ExpectedConditions.presenceOfElementLocated(By.id("model-unpin-" + LLM + "-1.0.1")));
        assertTrue(text(browser, "models-grid").contains("Active, pinned"), text(browser, "models-grid"));

        // A tampered model bundle: weights that do not match the checksum its descriptor declares.
        Path tampered = ModelBundles.modelBundle("it.model.tampered", "1.0.2",
                ModelBundles.demoDecoderDescriptor(LLM, "1.0.2", weights),
                ModelBundles.demoDecoderFiles(ModelBundles.perturbedDemoWeights(1.01f)));
        upload(tampered);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("deploy-confirm")));
        click(browser, "deploy-confirm");
        new WebDriverWait(browser, Duration.ofMinutes(2)).until(d -> "FAILED".equals(state(d, LLM + "-1.0.2")));
        String reason = content(browser, "model-error-" + LLM + "-1.0.2");
        assertTrue(reason.contains("Checksum mismatch"), reason);
        assertEquals("READY", state(browser, LLM + "-1.0.1"), "what served before keeps serving");

        // Locale bundles stop and start from the same page.
        clickInGrid(browser, "bundle-stop-org.skingpt.locale.zh-cn",
                d -> "RESOLVED".equals(attribute(d, "bundle-state-org.skingpt.locale.zh-cn", "data-state")));
        clickInGrid(browser, "bundle-start-org.skingpt.locale.zh-cn",
                d -> "ACTIVE".equals(attribute(d, "bundle-state-org.skingpt.locale.zh-cn", "data-state")));
        screenshot(browser, "console-models.png");
        assertEquals(java.util.List.of(), Accessibility.seriousViolations(browser),
                "serious accessibility violations on the Models page with a deployed, a pinned and a refused model");

        // A clinician consults on the pinned version in another browser; the consultation stays open.
        WebDriver clinician = newBrowser();
        others.add(clinician);
        signIn(clinician, "consultation", CLINICIAN, CLINICIAN_PASSWORD);
        new WebDriverWait(clinician, Duration.ofSeconds(60))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("image-upload")));
        consult(clinician, SAMPLES.resolve("psoriasis_1.png"));
        assertTrue(content(clinician, "provenance").contains(LLM + "@1.0.1"), content(clinician, "provenance"));

        // The admin uninstalls it: confirmation first; then it drains, the open consultation holding it.
        clickInGrid(browser, "model-uninstall-" + LLM + "-1.0.1",
                ExpectedConditions.visibilityOfElementLocated(By.id("models-confirm")));
        WebElement confirm = browser.findElement(By.id("models-confirm"));
        assertTrue(confirm.getText().contains("1 consultation(s) open on it finish first"), confirm.getText());
        click(browser, "models-confirm-yes");
        awaitMessage("uninstalled");
        wait.until(d -> "DRAINING".equals(state(d, LLM + "-1.0.1")));
        wait.until(d -> content(d, "model-state-" + LLM + "-1.0.1").contains("(1 open)"));
        assertTrue(text(browser, "models-grid").contains("1.0.0"), "1.0.0 serves new consultations");

        // The clinician's open consultation still gets its answer from the withdrawn version.
        fill(clinician.findElement(By.id("follow-up-question")), "Is it contagious?");
        click(clinician, "ask-follow-up");
        new WebDriverWait(clinician, Duration.ofMinutes(2)).until(d -> !d.findElements(By.id("answer-4")).isEmpty()
                && "done".equals(d.findElement(By.id("consultation-state")).getDomAttribute("data-state")));
        assertFalse(content(clinician, "answer-4").isBlank(), "the follow-up has no answer");
        // Leaving the page closes the consultation: the drained model is freed and leaves the table.
        click(clinician, "nav-history");
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> d.findElements(By.id("model-state-" + LLM
                + "-1.0.1")).isEmpty());

        // Every action is in the audit trail with the admin's name.
        click(browser, "nav-audit");
        fill(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("audit-actor"))), ADMIN);
        click(browser, "audit-search");
        wait.until(d -> d.findElement(By.id("audit-grid")).getText().contains("BUNDLE_UNINSTALLED"));
        String audit = text(browser, "audit-grid");
        for (String action : new String[] {"BUNDLE_DEPLOYED", "BUNDLE_STARTED", "BUNDLE_STOPPED", "MODEL_PINNED"}) {
            assertTrue(audit.contains(action), action + " missing: " + audit);
        }
        assertTrue(audit.contains("sha256=" + ModelBundles.sha256(jar).substring(0, 12)), audit);
    }

    @Test
    void anAdminCreatesAUserWhoSignsInAndUnlocksALockedOne() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        signIn(browser, "users", ADMIN, ADMIN_PASSWORD);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("users-grid")));
        assertTrue(text(browser, "users-grid").contains(CLINICIAN), text(browser, "users-grid"));

        // A weak password is refused with the policy's reason; a good one creates the account.
        fill(browser.findElement(By.id("user-name")), "dr-new");
        fill(browser.findElement(By.id("user-password")), "short1");
        click(browser, "user-create");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("users-message"), "too short"));
        fill(browser.findElement(By.id("user-password")), "Brand-New-Pass-7");
        click(browser, "user-create");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("users-message"), "Account dr-new created."));
        assertTrue(text(browser, "users-grid").contains("dr-new"));
        String file = Files.readString(karaf.home().resolve("etc/users.properties"), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(file.contains("dr-new = {CRYPT}$2a$"), "stored as a salted bcrypt hash: " + file.lines()
                .filter(l -> l.startsWith("dr-new")).toList());

        // An admin cannot take away their own admin role, nor delete themselves.
        click(browser, "user-edit-" + ADMIN);
        choose(browser, "user-edit-group", "cliniciangroup (clinician)");
        click(browser, "user-save-group");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("users-message"),
                "You cannot remove your own admin role"));
        click(browser, "user-delete-" + ADMIN);
        click(browser, "users-confirm-yes");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("users-message"),
                "You cannot delete your own account"));

        // The new account signs in.
        WebDriver user = newBrowser();
        others.add(user);
        signIn(user, "status", "dr-new", "Brand-New-Pass-7");
        new WebDriverWait(user, Duration.ofSeconds(60)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("current-user"), "dr-new"));

        // A user locked out by failed sign-ins shows locked; the admin unlocks; the right password works again.
        user.manage().deleteAllCookies();
        for (int i = 0; i < MAX_FAILURES; i++) {
            signIn(user, "login", LOCKED, "wrong-password-" + i);
            new WebDriverWait(user, Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(
                    By.id("login-error")));
        }
        signIn(user, "login", LOCKED, LOCKED_PASSWORD);
        new WebDriverWait(user, Duration.ofSeconds(30)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("login-error"), "locked"));
        browser.navigate().refresh();
        wait.until(ExpectedConditions.attributeToBe(By.id("user-state-" + LOCKED), "data-locked", "true"));
        assertTrue(text(browser, "user-state-" + LOCKED).startsWith("Locked until"), text(browser, "user-state-" + LOCKED));
        screenshot(browser, "console-users.png");
        assertEquals(java.util.List.of(), Accessibility.seriousViolations(browser),
                "serious accessibility violations on the Users page with a locked account");
        click(browser, "user-unlock-" + LOCKED);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("users-message"), LOCKED + " unlocked."));
        assertEquals("false", browser.findElement(By.id("user-state-" + LOCKED)).getDomAttribute("data-locked"));
        signIn(user, "login", LOCKED, LOCKED_PASSWORD);
        new WebDriverWait(user, Duration.ofSeconds(60)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("current-user"), LOCKED));

        // Deleting asks first; then the account is gone.
        click(browser, "user-delete-dr-new");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("users-confirm")));
        assertTrue(text(browser, "users-confirm").contains("dr-new"));
        click(browser, "users-confirm-yes");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("users-message"), "Account dr-new deleted."));
        assertFalse(text(browser, "users-grid").contains("dr-new"));

        // A clinician has no Users page.
        WebDriver clinician = newBrowser();
        others.add(clinician);
        signIn(clinician, "users", CLINICIAN, CLINICIAN_PASSWORD);
        new WebDriverWait(clinician, Duration.ofSeconds(60)).until(ExpectedConditions.textToBe(By.id("users-message"),
                "Only admins manage user accounts."));
        assertTrue(clinician.findElements(By.id("nav-users")).isEmpty());
        assertTrue(clinician.findElements(By.id("users-grid")).isEmpty());
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static void signIn(WebDriver b, String page, String user, String password) {
        b.get(karaf.consoleUrl() + page);
        WebDriverWait wait = new WebDriverWait(b, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        fill(b.findElement(By.id("username")), user);
        fill(b.findElement(By.id("password")), password);
        b.findElement(By.id("login")).click();
    }

    /** Starts a consultation on a photo and waits for its four answers. */
    private static void consult(WebDriver b, Path photo) {
        WebElement upload = b.findElement(By.id("image-upload"));
        fileInput(b, upload).sendKeys(photo.toAbsolutePath().toString());
        new WebDriverWait(b, Duration.ofSeconds(30)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("consultation-state"), "Ready to start"));
        click(b, "start-consultation");
        new WebDriverWait(b, Duration.ofMinutes(4)).until(d -> {
            String s = d.findElement(By.id("consultation-state")).getDomAttribute("data-state");
            return "done".equals(s) || "failed".equals(s);
        });
        assertEquals("done", b.findElement(By.id("consultation-state")).getDomAttribute("data-state"),
                content(b, "consultation-message"));
    }

    private void upload(Path file) {
        fileInput(browser, browser.findElement(By.id("bundle-upload"))).sendKeys(file.toAbsolutePath().toString());
    }

    private static WebElement fileInput(WebDriver b, WebElement upload) {
        return (WebElement) ((JavascriptExecutor) b).executeScript(
                "const u = arguments[0];"
                        + "return (u.$ && u.$.fileInput) || (u.shadowRoot && u.shadowRoot.querySelector('input[type=file]'))"
                        + " || u.querySelector('input[type=file]');", upload);
    }

    private void awaitMessage(String part) {
        try {
            new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> content(d, "models-message").contains(part));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("expected a message with '" + part + "', page says: " + content(browser,
                    "models-message"), e);
        }
    }

    /** The state a model's row shows (data-state), or null when it has no row. */
    private static String state(WebDriver b, String key) {
        return attribute(b, "model-state-" + key, "data-state");
    }

    /** An attribute read in the page in one step (the grid re-renders its cells when the platform changes). */
    private static String attribute(WebDriver b, String id, String name) {
        Object v = ((JavascriptExecutor) b).executeScript(
                "const e = document.getElementById(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;", id, name);
        return v == null ? null : v.toString();
    }

    /**
     * Clicks a button in a grid row and waits for what it does. The grids re-render a row when the platform changes
     * under it (a model's state, a bundle's); a click that lands on a button the server has just replaced is dropped,
     * and a person would click again. So does this, but only when the clicked button was replaced: a live button whose
     * click does nothing still fails the test.
     */
    private static void clickInGrid(WebDriver b, String id, ExpectedCondition<?> outcome) {
        for (int attempt = 0; attempt < 5; attempt++) {
            WebElement clicked = click(b, id);
            new WebDriverWait(b, Duration.ofSeconds(60)).until(d -> holds(outcome, d)
                    || Boolean.TRUE.equals(ExpectedConditions.stalenessOf(clicked).apply(d)));
            try {
                // replaced: the click may still have arrived (its own answer re-renders the row)
                new WebDriverWait(b, Duration.ofSeconds(3)).until(d -> holds(outcome, d));
                return;
            } catch (org.openqa.selenium.TimeoutException e) {
                System.out.println("The row of " + id + " re-rendered under the click; clicking again");
            }
        }
        fail("clicking " + id + " five times never did what it should");
    }

    private static boolean holds(ExpectedCondition<?> condition, WebDriver d) {
        try {
            Object v = condition.apply(d);
            return v != null && !Boolean.FALSE.equals(v);
        } catch (org.openqa.selenium.WebDriverException e) {
            return false;
        }
    }

    private static WebElement click(WebDriver b, String id) {
        for (int attempt = 0; ; attempt++) {
            try {
                WebElement e = new WebDriverWait(b, Duration.ofSeconds(30)).until(
                        ExpectedConditions.presenceOfElementLocated(By.id(id)));
                ((JavascriptExecutor) b).executeScript("arguments[0].scrollIntoView({block: 'center'});", e);
                new WebDriverWait(b, Duration.ofSeconds(30)).until(ExpectedConditions.elementToBeClickable(e)).click();
                return e;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                // a grid row re-rendered between finding and clicking: find it again
                if (attempt > 5) {
                    throw e;
                }
            }
        }
    }

    /** Picks an item of a Vaadin select by its label. */
    private static void choose(WebDriver b, String selectId, String label) {
        click(b, selectId);
        WebElement item = new WebDriverWait(b, Duration.ofSeconds(20)).until(d -> d.findElements(
                By.cssSelector("vaadin-select-item[role='option']")).stream().filter(e -> e.getText().equals(label))
                .findFirst().orElse(null));
        item.click();
    }

    private static void fill(WebElement field, String value) {
        List<WebElement> inputs = field.findElements(By.cssSelector("input"));
        WebElement input = inputs.isEmpty() ? field : inputs.get(0);
        input.clear();
        input.sendKeys(value);
    }

    private static String content(WebDriver b, String id) {
        return String.valueOf(((JavascriptExecutor) b).executeScript(
                "const e = document.getElementById(arguments[0]); return e ? e.textContent : '';", id));
    }

    private static String text(WebDriver b, String id) {
        return b.findElement(By.id(id)).getText();
    }

    /** Into target/screenshots, and the Models and Users pages into docs/images for the operations guide. */
    private static void screenshot(WebDriver b, String name) throws Exception {
        // The whole page, from the top: a tall window for the picture, then back.
        org.openqa.selenium.Dimension size = b.manage().window().getSize();
        b.manage().window().setSize(new org.openqa.selenium.Dimension(1600, 1500));
        ((JavascriptExecutor) b).executeScript("window.scrollTo(0, 0);"
                + "const g = document.getElementById('models-grid'); if (g && g.$ && g.$.table) { g.$.table.scrollLeft = 0; }");
        Thread.sleep(300);
        byte[] png = ((TakesScreenshot) b).getScreenshotAs(OutputType.BYTES);
        b.manage().window().setSize(size);
        Path target = Paths.get("target", "screenshots");
        Files.createDirectories(target);
        Files.write(target.resolve(name), png);
        if (Files.isDirectory(DOC_IMAGES)) {
            Files.write(DOC_IMAGES.resolve(name), png);
        }
    }
}
