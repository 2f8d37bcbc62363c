package org.skingpt.console.internal.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.skingpt.console.internal.ConsoleSettings;
import org.skingpt.console.internal.security.AuthenticationResult.Outcome;

class JaasAuthenticatorTest {

    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");

    private final AtomicReference<ConsoleSettings> settings = new AtomicReference<>(ConsoleSettings.DEFAULTS);
    private JaasAuthenticator authenticator;
    private PrintStream originalErr;
    private ByteArrayOutputStream log;

    @BeforeEach
    void setUp() {
        settings.set(ConsoleSettings.of("test", null, 30));
        authenticator = new JaasAuthenticator(settings::get, new TestConfiguration(),
                Clock.fixed(NOW, ZoneOffset.UTC));
        originalErr = System.err;
        log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void tearDown() {
        System.setErr(originalErr);
    }

    @Test
    void userWithAConsoleRoleSignsIn() {
        AuthenticationResult result = authenticator.authenticate(" alice ", "secret".toCharArray(), "10.0.0.1");

        assertEquals(Outcome.SUCCESS, result.outcome());
        assertEquals("alice", result.user().name());
        assertEquals(Set.of("admin", "viewer"), result.user().roles());
        assertEquals(NOW, result.user().since());
        String audit = log();
        assertTrue(audit.contains("org.skingpt.audit"), audit);
        assertTrue(audit.contains("login succeeded: user=alice roles=[admin]"), audit);
        assertFalse(audit.contains("secret"), "password must never be logged");
    }

    @Test
    void wrongPasswordAndUnknownUserLookTheSame() {
        AuthenticationResult wrong = authenticator.authenticate("alice", "guess-123".toCharArray(), "10.0.0.1");
        AuthenticationResult unknown = authenticator.authenticate("nobody", "guess-123".toCharArray(), "10.0.0.1");

        assertEquals(Outcome.BAD_CREDENTIALS, wrong.outcome());
        assertEquals(Outcome.BAD_CREDENTIALS, unknown.outcome());
        assertEquals(wrong.message(Set.of()), unknown.message(Set.of()));
        String audit = log();
        assertTrue(audit.contains("login failed: user=alice reason=bad-credentials"), audit);
        assertTrue(audit.contains("login failed: user=nobody reason=bad-credentials"), audit);
        assertFalse(audit.contains("guess-123"), "password must never be logged");
        assertFalse(audit.contains("does not exist"), "realm details must not reach the log or the user");
    }

    @Test
    void lockedAccountIsToldUntilWhenAndAudited() {
        AuthenticationResult result = authenticator.authenticate("locked", "right-or-wrong".toCharArray(), "10.0.0.3");

        assertEquals(Outcome.LOCKED, result.outcome());
        assertEquals("Account locked until 09:15 after 5 failed sign-ins; an admin can unlock it.",
                result.message(Set.of("clinician")));
        assertTrue(log().contains("login failed: user=locked reason=account-locked remote=10.0.0.3"), log());
    }

    @Test
    void theRealmIsToldTheAttemptComesFromTheConsole() {
        authenticator.authenticate("alice", "secret".toCharArray(), "10.0.0.4");
        assertEquals(Set.of("console(10.0.0.4)"), TestLoginModule.lastClients);
    }

    @Test
    void userWithoutAConsoleRoleIsTurnedAway() {
        AuthenticationResult result = authenticator.authenticate("bob", "pw".toCharArray(), "10.0.0.2");

        assertEquals(Outcome.NO_ROLE, result.outcome());
        assertTrue(log().contains("login failed: user=bob reason=no-console-role"));
    }

    @Test
    void allowedRolesComeFromTheCurrentSettings() {
        settings.set(ConsoleSettings.of("test", new String[] {"viewer"}, 30));
        assertEquals(Outcome.SUCCESS, authenticator.authenticate("bob", "pw".toCharArray(), "-").outcome());
    }

    @Test
    void emptyCredentialsNeverReachTheRealm() {
        assertEquals(Outcome.BAD_CREDENTIALS, authenticator.authenticate("", "x".toCharArray(), "-").outcome());
        assertEquals(Outcome.BAD_CREDENTIALS, authenticator.authenticate(null, "x".toCharArray(), "-").outcome());
        assertEquals(Outcome.BAD_CREDENTIALS, authenticator.authenticate("alice", new char[0], "-").outcome());
        assertEquals(Outcome.BAD_CREDENTIALS, authenticator.authenticate("alice", null, "-").outcome());
        assertEquals(0, TestLoginModule.LOGINS.get());
    }

    @Test
    void unknownRealmIsUnavailableNotBadCredentials() {
        settings.set(ConsoleSettings.of("no-such-realm", null, 30));
        AuthenticationResult result = authenticator.authenticate("alice", "secret".toCharArray(), "-");

        assertEquals(Outcome.UNAVAILABLE, result.outcome());
        assertTrue(log().contains("reason=realm-unavailable"));
    }

    @Test
    void contextClassLoaderIsRestoredAndPasswordLeftAlone() {
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        char[] password = "secret".toCharArray();
        authenticator.authenticate("alice", password, "-");
        assertEquals(before, Thread.currentThread().getContextClassLoader());
        assertArrayEquals("secret".toCharArray(), password);
        JaasAuthenticator.wipe(password);
        assertArrayEquals(new char[6], password);
    }

    private String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    /** JAAS configuration with one realm, "test", served by {@link TestLoginModule}. */
    static final class TestConfiguration extends Configuration {
        @Override
        public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
            if (!"test".equals(name)) {
                return null;
            }
            return new AppConfigurationEntry[] {
                new AppConfigurationEntry(TestLoginModule.class.getName(),
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
                        Map.of("alice", "secret:admin,viewer", "bob", "pw:viewer"))
            };
        }
    }

    @BeforeEach
    void resetCounter() {
        TestLoginModule.LOGINS.set(0);
    }
}
