package org.skingpt.itests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Runs axe-core (Deque's accessibility checker, the script shipped in its jar; nothing is fetched) in the
 * page the browser shows, and lists the serious and critical violations: controls without a name or label,
 * contrast, ARIA misuse, keyboard traps and the like.
 */
final class Accessibility {

    private static final String AXE = load();

    private Accessibility() {
    }

    /** Violations of impact serious or critical on the current page, one line each with where they are. */
    static List<String> seriousViolations(WebDriver browser) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(90));
        if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object';"))) {
            js.executeScript(AXE);
        }
        Object result = js.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']}).then(function (r) {"
                + "  done(r.violations.filter(function (v) { return v.impact === 'serious' || v.impact === 'critical'; })"
                + "    .map(function (v) { return v.impact + ' ' + v.id + ': ' + v.help + ' at '"
                + "      + v.nodes.slice(0, 5).map(function (n) { return n.target.join(' > '); }).join(' | '); }));"
                + "}).catch(function (e) { done(['axe failed: ' + e]); });");
        List<String> lines = new ArrayList<>();
        if (result instanceof List<?> list) {
            list.forEach(o -> lines.add(String.valueOf(o)));
        } else {
            lines.add("axe returned " + result);
        }
        return lines;
    }

    private static String load() {
        try (InputStream in = Accessibility.class.getResourceAsStream("/axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe.min.js is not on the test class path (com.deque.html.axe-core:selenium)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
