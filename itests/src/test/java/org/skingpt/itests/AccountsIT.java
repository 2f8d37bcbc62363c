package org.skingpt.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Accounts and sign-in on the real distribution: passwords stored as bcrypt hashes and still good in the
 * console (headless Chromium) and over SSH (an SSH client library); an old SHA-256 entry still signs in and
 * is upgraded; five failed sign-ins, in the console and over SSH together, lock the account; the right
 * password is then refused with the lock message; failures, lockout and unlock are audited (the audit log
 * and the clinical record's audit trail); an admin's {@code skingpt:unlock} lets the user in again.
 */
class AccountsIT {

    private static final String ADMIN = "acct-admin";
    private static final String ADMIN_PASSWORD = "Adm1n-Pass-phrase";
    private static final String LOCKED_USER = "dr-lockout";
    private static final String LOCKED_PASSWORD = "L0ckout-Pass-phrase";
    private static final String OLD_USER = "old-install";
    private static final String OLD_PASSWORD = "0ld-SHA256-phrase";
    private static final String CLINICIAN = "dr-bcrypt";
    private static final String CLINICIAN_PASSWORD = "Bcrypt-Pass-phrase";
    private static final String NEW_USER = "dr-added";
    private static final String NEW_PASSWORD = "Added-Pass-phrase";

    private static final Pattern BCRYPT_ENTRY =
            Pattern.compile("\\{CRYPT\\}\\$2[aby]\\$10\\$[./A-Za-z0-9]{53}\\{CRYPT\\},_g_:\\w+");

    private static KarafRun karaf;
    private static KarafSsh ssh;

    private WebDriver browser;
    private Path profile;

    @BeforeAll
    static void startDistribution() throws Exception {
        karaf = KarafRun.unpack("accounts");
        // Plain text, as run.sh and the README have admins write them: Karaf hashes them.
        karaf.addUser(ADMIN, ADMIN_PASSWORD, "admingroup");
        karaf.addUser(LOCKED_USER, LOCKED_PASSWORD, "admingroup");
        karaf.addUser(CLINICIAN, CLINICIAN_PASSWORD, "cliniciangroup");
        // An entry as SkinGPT stored it before bcrypt: Karaf's "basic" encryption, SHA-256, upper-case hex.
        String digest = HexFormat.of().withUpperCase().formatHex(
                MessageDigest.getInstance("SHA-256").digest(OLD_PASSWORD.getBytes(StandardCharsets.UTF_8)));
        Files.writeString(karaf.home().resolve("etc/users.properties"),
                "\n" + OLD_USER + " = {CRYPT}" + digest + "{CRYPT},_g_:admingroup\n", StandardCharsets.ISO_8859_1,
                StandardOpenOption.APPEND);
        karaf.start();
        assertTrue(karaf.awaitHttp200("/login", Duration.ofMinutes(3)), "console did not come up:\n" + karaf.log());
        ssh = new KarafSsh(karaf.sshPort());
    }

    @AfterAll
    static void stopDistribution() throws Exception {
        if (ssh != null) {
            ssh.close();
        }
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
    void passwordsAreStoredAsBcryptHashesAndStillSignIn() throws Exception {
        // Karaf hashes plain-text passwords when it reads the file (at start).
        assertTrue(KarafRun.await(Duration.ofSeconds(60), () -> isBcrypt(ADMIN) && isBcrypt(CLINICIAN)
                && isBcrypt(LOCKED_USER)), "users.properties:\n" + usersFile());
        String file = usersFile();
        for (String plain : List.of(ADMIN_PASSWORD, CLINICIAN_PASSWORD, LOCKED_PASSWORD, OLD_PASSWORD)) {
            assertFalse(file.contains(plain), "a plain-text password is left in users.properties");
        }

        assertTrue(ssh.signsIn(ADMIN, ADMIN_PASSWORD), "the admin must sign in over SSH with the bcrypt entry");
        consoleSignIn(CLINICIAN, CLINICIAN_PASSWORD);
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("current-user")));

        String users = ssh.run(ADMIN, ADMIN_PASSWORD, "skingpt:users");
        assertTrue(Pattern.compile(ADMIN + " +\\|.*\\| bcrypt").matcher(users).find(), users);
        assertTrue(Pattern.compile(CLINICIAN + " +\\| clinician +\\| bcrypt").matcher(users).find(), users);

        // An admin adds a user the documented way: Karaf's jaas:* commands find the (wrapped) realm "karaf"
        // and store the new password as bcrypt at once; then checks with skingpt:users, as docs/operations.md says.
        String add = "jaas:realm-manage --realm karaf; jaas:user-add " + NEW_USER + " " + NEW_PASSWORD
                + "; jaas:group-add " + NEW_USER + " admingroup; jaas:update";
        String added = ssh.run(ADMIN, ADMIN_PASSWORD, add);
        // Karaf's auto-encryption watcher may read users.properties while jaas:update writes it (the user, then the
        // group: two writes) and write back a cut copy (operations.md, "Users and roles"); the documented remedy is
        // to run the commands again. Once, at most: a second loss would be more than that rare race.
        if (!KarafRun.await(Duration.ofSeconds(15), AccountsIT::newUserComplete) || !ssh.signsIn(NEW_USER, NEW_PASSWORD)) {
            System.err.println("AccountsIT: users.properties lost the new user's entry or group (Karaf's watcher race);"
                    + " running the documented commands again. The file was:\n" + usersFile());
            String again = entry(NEW_USER).contains("_g_:admingroup") ? add.replace("; jaas:group-add " + NEW_USER
                    + " admingroup", "") : add;
            added += "\n(again)\n" + ssh.run(ADMIN, ADMIN_PASSWORD, again);
        }
        assertTrue(KarafRun.await(Duration.ofSeconds(30), AccountsIT::newUserComplete),
                added + "\nusers.properties:\n" + usersFile());
        // skingpt:users reads users.properties as it is at that moment; after the rerun above the watcher may still be
        // writing it back, so the admin looks again (as long as the file settles) before the test calls it lost.
        String[] listed = {""};
        assertTrue(KarafRun.await(Duration.ofSeconds(30), () -> {
            try {
                listed[0] = ssh.run(ADMIN, ADMIN_PASSWORD, "skingpt:users");
            } catch (java.io.IOException e) {
                listed[0] = e.toString();
            }
            return Pattern.compile(NEW_USER + " +\\|.*admin.*\\| bcrypt").matcher(listed[0]).find();
        }), "skingpt:users shows the new admin:\n" + listed[0] + "\nusers.properties:\n" + usersFile());
        assertTrue(ssh.signsIn(NEW_USER, NEW_PASSWORD), "a user added with jaas:user-add must sign in");
    }

    /** The added user's entry is a bcrypt hash with the admin group. */
    private static boolean newUserComplete() {
        return isBcrypt(NEW_USER) && entry(NEW_USER).contains("_g_:admingroup");
    }

    @Test
    void anOldSha256EntryStillSignsInAndIsRestoredAsBcrypt() throws Exception {
        assertTrue(entry(OLD_USER).startsWith("{CRYPT}") && !isBcrypt(OLD_USER), entry(OLD_USER));
        assertFalse(ssh.signsIn(OLD_USER, "not-" + OLD_PASSWORD));
        assertFalse(isBcrypt(OLD_USER), "a wrong password must not touch the entry");

        assertTrue(ssh.signsIn(OLD_USER, OLD_PASSWORD), "the old SHA-256 entry must still sign in");
        assertTrue(isBcrypt(OLD_USER), "upgraded at that sign-in: " + entry(OLD_USER));
        assertTrue(entry(OLD_USER).endsWith(",_g_:admingroup"), "roles kept: " + entry(OLD_USER));
        assertTrue(ssh.signsIn(OLD_USER, OLD_PASSWORD), "and signs in with the bcrypt entry afterwards");
        assertTrue(auditLog().contains("password hash upgraded: user=" + OLD_USER + " from=SHA-256 to=bcrypt"),
                auditLog());
    }

    @Test
    void fiveFailedSignInsLockTheAccountUntilAnAdminUnlocksIt() throws Exception {
        // The audit trail is checked below: wait for the record's database (it starts with the distribution).
        assertTrue(KarafRun.await(Duration.ofMinutes(2), () -> shell("skingpt:status").contains(", schema ")),
                shell("skingpt:status"));

        // Three wrong passwords in the console and two over SSH: one count for the account.
        browser.get(karaf.consoleUrl() + "login");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        String consoleFailure = "console login failed: user=" + LOCKED_USER + " reason=bad-credentials";
        for (int i = 1; i <= 3; i++) {
            consoleSignIn(LOCKED_USER, "wrong-password-" + i);
            int expected = i;
            assertTrue(KarafRun.await(Duration.ofSeconds(30), () -> count(auditLog(), consoleFailure) == expected),
                    auditLog());
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "Incorrect"));
            assertTrue(browser.findElements(By.id("current-user")).isEmpty());
        }
        assertFalse(ssh.signsIn(LOCKED_USER, "wrong-password-4"));
        assertFalse(ssh.signsIn(LOCKED_USER, "wrong-password-5"));

        // Locked: the right password is refused, with the reason, in the console and over SSH.
        consoleSignIn(LOCKED_USER, LOCKED_PASSWORD);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "locked"));
        String message = browser.findElement(By.id("login-error")).getText();
        screenshot("account-locked.png");
        // The time the lock ends, with its date where that is another day (a lock begun shortly before midnight).
        assertTrue(message.matches("Account locked until (?:\\d{4}-\\d\\d-\\d\\d )?\\d\\d:\\d\\d after 5 failed sign-ins; an admin can"
                + " unlock it\\."),
                message);
        assertTrue(browser.findElements(By.id("current-user")).isEmpty(), "a locked account must not enter");
        assertFalse(ssh.signsIn(LOCKED_USER, LOCKED_PASSWORD), "a locked account must not enter over SSH");
        assertTrue(ssh.run(ADMIN, ADMIN_PASSWORD, "skingpt:users").matches(
                "(?s).*" + LOCKED_USER + " +\\|.*\\| LOCKED until \\d\\d:\\d\\d \\(5 failures\\).*"));

        // The audit log names every failure, the lockout and the refusals; never a password.
        String log = auditLog();
        assertEquals(3, count(log, "console login failed: user=" + LOCKED_USER + " reason=bad-credentials"), log);
        assertEquals(2, count(log, "ssh login failed: user=" + LOCKED_USER + " reason=bad-credentials"), log);
        assertTrue(log.contains("failures=5/5"), log);
        assertEquals(1, count(log, "account locked: user=" + LOCKED_USER + " "), log);
        assertTrue(log.contains("console login failed: user=" + LOCKED_USER + " reason=account-locked"), log);
        assertTrue(log.contains("ssh login refused: user=" + LOCKED_USER + " reason=account-locked"), log);
        assertFalse(log.contains("wrong-password") || log.contains(LOCKED_PASSWORD), "passwords in the audit log");

        // ... and so does the clinical record's audit trail (the store may still be starting its database).
        assertTrue(trail("--action ACCOUNT_LOCKED").contains(LOCKED_USER), trail("--action ACCOUNT_LOCKED"));
        String failures = trail("--actor " + LOCKED_USER + " --action LOGIN_FAILED");
        assertTrue(failures.contains(" of 7"), "5 failures and 2 refusals of " + LOCKED_USER
                + " (3 console and 2 SSH failures, 1 refusal each):\n" + failures);

        // An admin unlocks; the user signs in again, in the console and over SSH.
        assertTrue(ssh.run(ADMIN, ADMIN_PASSWORD, "skingpt:unlock " + LOCKED_USER).contains(LOCKED_USER + " unlocked"));
        assertTrue(auditLog().contains("account unlocked: user=" + LOCKED_USER + " by=" + ADMIN), auditLog());
        assertTrue(trail("--action ACCOUNT_UNLOCKED").contains(ADMIN));
        consoleSignIn(LOCKED_USER, LOCKED_PASSWORD);
        WebElement user = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("current-user")));
        assertTrue(user.getText().contains(LOCKED_USER), user.getText());
        assertTrue(ssh.signsIn(LOCKED_USER, LOCKED_PASSWORD));
    }

    /** The audit trail's entries for a filter, through the skingpt:audit shell command. */
    private static String trail(String filter) {
        return shell("skingpt:audit " + filter);
    }

    /** A shell command run by the admin over SSH. */
    private static String shell(String command) {
        try {
            return ssh.run(ADMIN, ADMIN_PASSWORD, command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void consoleSignIn(String name, String password) {
        if (browser.findElements(By.id("username")).isEmpty()) {
            browser.get(karaf.consoleUrl() + "login");
        }
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        fill(browser.findElement(By.id("username")), name);
        fill(browser.findElement(By.id("password")), password);
        browser.findElement(By.id("login")).click();
    }

    private static void fill(WebElement field, String value) {
        List<WebElement> inputs = field.findElements(By.cssSelector("input"));
        WebElement input = inputs.isEmpty() ? field : inputs.get(0);
        input.clear();
        input.sendKeys(value);
    }

    private static boolean isBcrypt(String user) {
        return BCRYPT_ENTRY.matcher(entry(user)).matches();
    }

    /** The value of a user's line in etc/users.properties. */
    private static String entry(String user) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(user) + "\\s*=\\s*(.*)$").matcher(usersFile());
        return m.find() ? m.group(1).trim() : "";
    }

    private static String usersFile() {
        try {
            return Files.readString(karaf.home().resolve("etc/users.properties"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String auditLog() {
        try {
            Path log = karaf.home().resolve("data/log/skingpt-audit.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private void screenshot(String name) throws Exception {
        Path target = Paths.get("target", "screenshots");
        Files.createDirectories(target);
        Files.write(target.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
