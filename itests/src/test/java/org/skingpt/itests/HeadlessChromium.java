package org.skingpt.itests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's Chromium and chromedriver, headless and quiet (no background network, no updates), for the browser tests. */
final class HeadlessChromium {

    private HeadlessChromium() {
    }

    /** A browser with its own profile folder and a window of the given size. */
    static WebDriver open(Path profile, int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(firstExisting("/usr/bin/chromium", "/usr/bin/chromium-browser"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Paths.get(firstExisting("/usr/bin/chromedriver")).toFile())
                .build();
        return new ChromeDriver(service, options);
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
