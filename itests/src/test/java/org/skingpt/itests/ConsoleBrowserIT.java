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
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A clinician in a real browser (Debian's headless Chromium): logs in to the console of the real
 * distribution and sees the status page report the engine ready.
 */
class ConsoleBrowserIT {

    private static final String USER = "dr-browser";
    private static final String PASSWORD = "Br0wser-Secret";
    private static KarafRun karaf;

    private WebDriver browser;
    private Path profile;

    @BeforeAll
    static void startDistribution() throws Exception {
        karaf = KarafRun.unpack("browser");
        karaf.addUser(USER, PASSWORD, "cliniciangroup");
        karaf.addUser("no-role", "N0-role-pass", "nosuchgroup");
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
        ChromeOptions options = new ChromeOptions();
        options.setBinary(firstExisting("/usr/bin/chromium", "/usr/bin/chromium-browser"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1366,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Paths.get(firstExisting("/usr/bin/chromedriver")).toFile())
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
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
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
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

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private void screenshot(String name) throws Exception {
        Path target = Paths.get("target", "screenshots");
        Files.createDirectories(target);
        Files.write(target.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static String firstExisting(String... paths) {
        for (String p : paths) {
            if (Files.isExecutable(Paths.get(p))) {
                return p;
            }
        }
        throw new IllegalStateException("Not installed: " + String.join(" or ", paths)
                + " (apt-get install -y chromium chromium-driver; .ci/run does this)");
    }
}
