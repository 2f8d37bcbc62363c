package org.skingpt.accounts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AccountLockedException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.apache.karaf.jaas.config.JaasRealm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.skingpt.api.record.AuditEntry;
import org.skingpt.api.record.AuditQuery;
import org.skingpt.api.record.AuditTrail;
import org.skingpt.api.record.AuditVerification;
import org.skingpt.api.record.Page;

/**
 * The lockout module in a real JAAS login, configured as the realm configures it: REQUISITE in front of a
 * password module that stands in for Karaf's (OPTIONAL, as in Karaf's realm).
 */
class AccountsTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final String RIGHT = "Right-Password-1";

    private final MutableClock clock = new MutableClock(T0);
    final RecordingTrail trail = new RecordingTrail();
    private Accounts accounts;

    @BeforeEach
    void setUp() {
        accounts = new Accounts(clock, ZoneOffset.UTC);
        accounts.start(42L, config(5, 15, 15));
        accounts.bindAuditTrail(trail);
    }

    @Test
    void wrongPasswordIsStillRefusedAndRightOneAccepted() throws Exception {
        assertThrows(FailedLoginException.class, () -> login("alice", "wrong", "ssh"));
        Subject s = login("alice", RIGHT, "ssh");
        assertFalse(s.getPrincipals(org.apache.karaf.jaas.boot.principal.UserPrincipal.class).isEmpty());
        assertEquals(0, accounts.state("alice").recentFailures(), "a good sign-in clears the failures");
    }

    @Test
    void fiveWrongPasswordsLockTheAccountAndTheRightOneIsThenRefused() {
        for (int i = 0; i < 5; i++) {
            assertThrows(FailedLoginException.class, () -> login("alice", "guess", "ssh"));
        }
        AccountLockedException locked = assertThrows(AccountLockedException.class, () -> login("alice", RIGHT, "ssh"));
        assertEquals("Account locked until 09:15 after 5 failed sign-ins; an admin can unlock it.", locked.getMessage());
        assertTrue(accounts.state("alice").locked());
        assertEquals(5, accounts.state("alice").recentFailures(), "refusals while locked are not counted");
    }

    @Test
    void theLockEndsByItself() throws Exception {
        lockAlice();
        clock.advance(Duration.ofMinutes(15));
        login("alice", RIGHT, "console");
    }

    @Test
    void unlockLetsTheUserInAgain() throws Exception {
        lockAlice();
        assertTrue(accounts.unlock("alice", "admin").isPresent());
        login("alice", RIGHT, "ssh");
        assertTrue(accounts.unlock("alice", "admin").isEmpty());
    }

    @Test
    void publicKeyAttemptsAreNotCountedButALockRefusesThemToo() {
        for (int i = 0; i < 10; i++) {
            assertThrows(LoginException.class, () -> loginWithKey("alice"));
        }
        assertEquals(0, accounts.state("alice").recentFailures(), "clients try every key they have");
        lockAlice();
        assertThrows(AccountLockedException.class, () -> loginWithKey("alice"));
    }

    @Test
    void consoleAndSshFailuresCountTogether() {
        for (int i = 0; i < 3; i++) {
            assertThrows(FailedLoginException.class, () -> login("alice", "guess", "console"));
        }
        for (int i = 0; i < 2; i++) {
            assertThrows(FailedLoginException.class, () -> login("alice", "guess", "ssh"));
        }
        assertThrows(AccountLockedException.class, () -> login("alice", RIGHT, "console"));
    }

    @Test
    void sshFailuresLockoutAndUnlockAreAudited() {
        lockAlice();
        assertThrows(AccountLockedException.class, () -> login("alice", RIGHT, "ssh"));
        accounts.unlock("alice", "root-admin");

        List<String> actions = trail.entries.stream().map(AuditEntry::action).toList();
        assertEquals(List.of("LOGIN_FAILED", "LOGIN_FAILED", "LOGIN_FAILED", "LOGIN_FAILED", "LOGIN_FAILED",
                "ACCOUNT_LOCKED", "LOGIN_FAILED", "ACCOUNT_UNLOCKED"), actions);
        AuditEntry third = trail.entries.get(2);
        assertEquals("alice", third.actor());
        assertEquals("ssh", third.target());
        assertEquals("/10.0.0.9:50022", third.sourceAddress());
        assertTrue(third.detail().contains("failure 3 of 5"), third.detail());
        AuditEntry lock = trail.entries.get(5);
        assertEquals("alice", lock.target());
        assertTrue(lock.detail().contains("after 5 failed sign-ins"), lock.detail());
        assertTrue(lock.detail().contains("no such account"), "alice is not in a users file here: " + lock.detail());
        assertTrue(trail.entries.get(6).detail().startsWith("account-locked"), trail.entries.get(6).detail());
        AuditEntry unlock = trail.entries.get(7);
        assertEquals("root-admin", unlock.actor());
        assertEquals("alice", unlock.target());
        trail.entries.forEach(e -> assertFalse(e.detail().contains("guess") || e.detail().contains(RIGHT)));
    }

    @Test
    void consoleFailuresAreLeftToTheConsoleButItsLockoutsAreAudited() {
        for (int i = 0; i < 5; i++) {
            assertThrows(FailedLoginException.class, () -> login("alice", "guess", "console"));
        }
        assertThrows(AccountLockedException.class, () -> login("alice", RIGHT, "console"));
        assertEquals(List.of("ACCOUNT_LOCKED"), trail.entries.stream().map(AuditEntry::action).toList());
    }

    @Test
    void withoutTheGateTheModuleFailsClosed() {
        Configuration config = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {
                    new AppConfigurationEntry(LockoutLoginModule.class.getName(), LoginModuleControlFlag.REQUISITE, Map.of()),
                    new AppConfigurationEntry(PasswordModule.class.getName(), LoginModuleControlFlag.OPTIONAL,
                            Map.of("alice", RIGHT))
                };
            }
        };
        assertThrows(LoginException.class,
                () -> new LoginContext("karaf", new Subject(), handler("alice", RIGHT), config).login());
    }

    @Test
    void realmWrapsKarafsRealmOfTheSameName() {
        AppConfigurationEntry karafProperties = new AppConfigurationEntry(ProxyLoginModule.class.getName(),
                LoginModuleControlFlag.OPTIONAL, Map.of(ProxyLoginModule.PROPERTY_MODULE, Accounts.PROPERTIES_MODULE,
                        "users", "/tmp/users.properties"));
        AppConfigurationEntry karafKeys = new AppConfigurationEntry(ProxyLoginModule.class.getName(),
                LoginModuleControlFlag.OPTIONAL, Map.of(ProxyLoginModule.PROPERTY_MODULE, "publickey"));
        assertEquals(1, accounts.getEntries().length, "without Karaf's realm only the lockout entry is left");

        accounts.addRealm(realm("other", 500, new AppConfigurationEntry[0]));
        accounts.addRealm(realm("karaf", 0, new AppConfigurationEntry[] {karafProperties, karafKeys}));
        AppConfigurationEntry[] entries = accounts.getEntries();

        assertEquals("karaf", accounts.getName());
        assertTrue(accounts.getRank() > 0);
        assertEquals(3, entries.length);
        assertEquals(ProxyLoginModule.class.getName(), entries[0].getLoginModuleName());
        assertEquals(LoginModuleControlFlag.REQUISITE, entries[0].getControlFlag());
        assertEquals(LockoutLoginModule.class.getName(), entries[0].getOptions().get(ProxyLoginModule.PROPERTY_MODULE));
        assertEquals("42", entries[0].getOptions().get(ProxyLoginModule.PROPERTY_BUNDLE));
        assertInstanceOf(LoginGate.class, entries[0].getOptions().get(LockoutLoginModule.GATE));
        assertEquals(karafProperties, entries[1]);
        assertEquals(karafKeys, entries[2]);
        assertEquals("/tmp/users.properties", accounts.users().orElseThrow().path().toString());
    }

    @Test
    void configurationOutsideItsRangeFallsBackToTheDefault() {
        LoginThrottle.Policy p = Accounts.policy(config(0, 99999, -1));
        assertEquals(5, p.maxFailures());
        assertEquals(Duration.ofMinutes(15), p.window());
        assertEquals(Duration.ofMinutes(15), p.lock());
        accounts.modified(config(3, 10, 60));
        assertEquals(3, accounts.currentPolicy().maxFailures());
    }

    @Test
    void lockMessageNamesTheDayWhenTheLockEndsAnotherDay() {
        assertEquals("Account locked until 2026-03-03 09:00 after 7 failed sign-ins; an admin can unlock it.",
                accounts.lockedMessage(new LoginThrottle.Lock(T0.plus(Duration.ofDays(1)), 7)));
    }

    private void lockAlice() {
        for (int i = 0; i < 5; i++) {
            assertThrows(FailedLoginException.class, () -> login("alice", "guess", "ssh"));
        }
        assertTrue(accounts.state("alice").locked());
    }

    private Subject login(String user, String password, String channel) throws LoginException {
        Subject subject = new Subject();
        subject.getPrincipals().add(new ClientPrincipal(channel, "/10.0.0.9:50022"));
        LoginContext context = new LoginContext("karaf", subject, handler(user, password), configuration());
        context.login();
        return context.getSubject();
    }

    private void loginWithKey(String user) throws LoginException {
        CallbackHandler keyOnly = callbacks -> {
            for (Callback c : callbacks) {
                if (c instanceof NameCallback n) {
                    n.setName(user);
                } else {
                    throw new UnsupportedCallbackException(c);
                }
            }
        };
        Subject subject = new Subject();
        subject.getPrincipals().add(new ClientPrincipal("ssh", "/10.0.0.9:50022"));
        new LoginContext("karaf", subject, keyOnly, configuration()).login();
    }

    private Configuration configuration() {
        return new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {
                    new AppConfigurationEntry(LockoutLoginModule.class.getName(), LoginModuleControlFlag.REQUISITE,
                            Map.of(LockoutLoginModule.GATE, accounts)),
                    new AppConfigurationEntry(PasswordModule.class.getName(), LoginModuleControlFlag.OPTIONAL,
                            Map.of("alice", RIGHT, "bob", RIGHT))
                };
            }
        };
    }

    private static CallbackHandler handler(String user, String password) {
        return callbacks -> {
            for (Callback c : callbacks) {
                if (c instanceof NameCallback n) {
                    n.setName(user);
                } else if (c instanceof PasswordCallback p) {
                    p.setPassword(password.toCharArray());
                } else {
                    throw new UnsupportedCallbackException(c);
                }
            }
        };
    }

    static JaasRealm realm(String name, int rank, AppConfigurationEntry[] entries) {
        return new JaasRealm() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public int getRank() {
                return rank;
            }

            @Override
            public AppConfigurationEntry[] getEntries() {
                return entries;
            }
        };
    }

    static AccountsConfig config(int maxFailures, int windowMinutes, int lockMinutes) {
        return new AccountsConfig() {
            @Override
            public String source() {
                return AccountsConfig.FILE;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return AccountsConfig.class;
            }

            @Override
            public int maxFailures() {
                return maxFailures;
            }

            @Override
            public int windowMinutes() {
                return windowMinutes;
            }

            @Override
            public int lockMinutes() {
                return lockMinutes;
            }

            @Override
            public int minPasswordLength() {
                return 10;
            }
        };
    }

    /** An audit trail that keeps what it is given. */
    static final class RecordingTrail implements AuditTrail {
        final List<AuditEntry> entries = new ArrayList<>();

        @Override
        public synchronized AuditEntry append(AuditEntry entry) {
            entries.add(entry);
            return entry;
        }

        @Override
        public Page<AuditEntry> find(AuditQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public AuditVerification verify() {
            throw new UnsupportedOperationException();
        }
    }
}
