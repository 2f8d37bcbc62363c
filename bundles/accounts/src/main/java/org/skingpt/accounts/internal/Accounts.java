package org.skingpt.accounts.internal;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.security.auth.login.AccountLockedException;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.config.JaasRealm;
import org.apache.karaf.jaas.modules.BackingEngine;
import org.apache.karaf.jaas.modules.properties.PropertiesBackingEngineFactory;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.skingpt.api.record.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JAAS realm {@value #REALM} that the console, the SSH shell and bin/client sign in through, with
 * failed-sign-in throttling and temporary lockout.
 *
 * <p>It wraps Karaf's own {@code karaf} realm rather than replacing it: its entries are
 * {@link LockoutLoginModule} (REQUISITE) followed by every entry of Karaf's realm, as Karaf builds them
 * from {@code etc/org.apache.karaf.jaas.cfg} at that moment (users file, password encryption, audit
 * modules). Karaf's JAAS configuration serves the realm of the highest rank for a name, so this one
 * ({@value #RANK}) is used wherever {@code karaf} is asked for; Karaf's {@code jaas:realm-manage --realm karaf}
 * picks it too and manages its users file through the same properties entry.
 *
 * <p>If this bundle stops, Karaf's realm serves sign-ins again, without lockout.
 */
@Component(service = {JaasRealm.class, Accounts.class}, immediate = true, property = Accounts.MARKER + ":Boolean=true",
        configurationPid = AccountsConfig.PID)
@Designate(ocd = AccountsConfig.class)
public class Accounts implements JaasRealm, LoginGate {

    /** The realm name (Karaf's). */
    static final String REALM = "karaf";
    /** Above Karaf's own realm (rank 0). */
    static final int RANK = 100;
    /** Service property that marks this realm, so that it is not taken for the realm it wraps. */
    static final String MARKER = "org.skingpt.accounts.realm";
    /** Names that are not accounts tracked at most (see {@link LoginThrottle}). */
    static final int UNKNOWN_NAMES_TRACKED = 1000;

    static final String PROPERTIES_MODULE = "org.apache.karaf.jaas.modules.properties.PropertiesLoginModule";

    private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final List<JaasRealm> realms = new CopyOnWriteArrayList<>();
    private final AccountsAudit audit = new AccountsAudit();
    private final Clock clock;
    private final ZoneId zone;
    private LoginThrottle throttle;
    private long bundleId;
    private volatile UsersFile usersFile;

    public Accounts() {
        this(Clock.systemUTC(), ZoneId.systemDefault());
    }

    Accounts(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    @Reference(service = JaasRealm.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, target = "(!(" + MARKER + "=true))")
    void addRealm(JaasRealm realm) {
        realms.add(realm);
    }

    void removeRealm(JaasRealm realm) {
        realms.remove(realm);
    }

    @Reference(service = AuditTrail.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindAuditTrail(AuditTrail trail) {
        audit.trail(trail);
    }

    void unbindAuditTrail(AuditTrail trail) {
        audit.trailGone(trail);
    }

    @Activate
    void activate(BundleContext context, AccountsConfig config) {
        bundleId = context.getBundle().getBundleId();
        throttle = new LoginThrottle(policy(config), UNKNOWN_NAMES_TRACKED, clock);
        LoginThrottle.Policy p = throttle.policy();
        LOG.info("Sign-in protection on realm '{}': {} failed sign-ins within {} min lock a user name for {} min",
                REALM, p.maxFailures(), p.window().toMinutes(), p.lock().toMinutes());
    }

    /** For tests: activation without a framework. */
    void start(long bundleId, AccountsConfig config) {
        this.bundleId = bundleId;
        throttle = new LoginThrottle(policy(config), UNKNOWN_NAMES_TRACKED, clock);
    }

    @Modified
    void modified(AccountsConfig config) {
        throttle.policy(policy(config));
        LoginThrottle.Policy p = throttle.policy();
        LOG.info("Sign-in protection changed: {} failed sign-ins within {} min lock a user name for {} min",
                p.maxFailures(), p.window().toMinutes(), p.lock().toMinutes());
    }

    static LoginThrottle.Policy policy(AccountsConfig config) {
        return new LoginThrottle.Policy(clamp("maxFailures", config.maxFailures(), 1, 100, 5),
                Duration.ofMinutes(clamp("windowMinutes", config.windowMinutes(), 1, 1440, 15)),
                Duration.ofMinutes(clamp("lockMinutes", config.lockMinutes(), 1, 10080, 15)));
    }

    private static int clamp(String name, int value, int min, int max, int fallback) {
        if (value < min || value > max) {
            LOG.error("Configuration {}: {} = {} is outside {}..{}; using {}", AccountsConfig.PID, name, value, min,
                    max, fallback);
            return fallback;
        }
        return value;
    }

    // --- JaasRealm -------------------------------------------------------------------------------------------

    @Override
    public String getName() {
        return REALM;
    }

    @Override
    public int getRank() {
        return RANK;
    }

    @Override
    public AppConfigurationEntry[] getEntries() {
        Map<String, Object> options = new HashMap<>();
        options.put(ProxyLoginModule.PROPERTY_MODULE, LockoutLoginModule.class.getName());
        options.put(ProxyLoginModule.PROPERTY_BUNDLE, Long.toString(bundleId));
        options.put(LockoutLoginModule.GATE, this);
        List<AppConfigurationEntry> entries = new ArrayList<>();
        entries.add(new AppConfigurationEntry(ProxyLoginModule.class.getName(),
                AppConfigurationEntry.LoginModuleControlFlag.REQUISITE, options));
        // Without Karaf's realm only this entry is left; it never succeeds on its own, so sign-ins fail.
        baseRealm().map(JaasRealm::getEntries).ifPresent(base -> entries.addAll(List.of(base)));
        return entries.toArray(AppConfigurationEntry[]::new);
    }

    /** Karaf's realm of the same name, the highest-ranked other than this one. */
    Optional<JaasRealm> baseRealm() {
        JaasRealm best = null;
        for (JaasRealm r : realms) {
            if (REALM.equals(r.getName()) && r != this && (best == null || r.getRank() > best.getRank())) {
                best = r;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Options of the base realm's properties module (users file, encryption), if it has one. */
    Optional<Map<String, ?>> propertiesOptions() {
        return baseRealm().flatMap(r -> {
            AppConfigurationEntry[] base = r.getEntries();
            if (base != null) {
                for (AppConfigurationEntry e : base) {
                    if (PROPERTIES_MODULE.equals(e.getOptions().get(ProxyLoginModule.PROPERTY_MODULE))) {
                        return Optional.<Map<String, ?>>of(e.getOptions());
                    }
                }
            }
            return Optional.empty();
        });
    }

    // --- LoginGate -------------------------------------------------------------------------------------------

    @Override
    public void beforeLogin(Attempt attempt, char[] password) throws AccountLockedException {
        Optional<LoginThrottle.Lock> lock = throttle.lockOf(attempt.user());
        if (lock.isPresent()) {
            audit.refused(attempt, lock.get());
            throw new AccountLockedException(lockedMessage(lock.get()));
        }
        if (attempt.method() == Method.PASSWORD && password != null) {
            upgradeLegacyHash(attempt, password);
        }
    }

    @Override
    public void failed(Attempt attempt) {
        if (attempt.method() != Method.PASSWORD) {
            return;
        }
        boolean isAccount = users().map(u -> u.exists(attempt.user())).orElse(false);
        LoginThrottle.Failure f = throttle.failed(attempt.user(), isAccount);
        LoginThrottle.Policy p = throttle.policy();
        audit.failed(attempt, f.failures(), p);
        if (f.lockedNow()) {
            audit.locked(attempt, f.failures(), f.lockedUntil(), p, isAccount);
        }
    }

    @Override
    public void succeeded(Attempt attempt) {
        throttle.succeeded(attempt.user());
    }

    /** The message a locked user is shown (the console shows it as it is). */
    String lockedMessage(LoginThrottle.Lock lock) {
        return "Account locked until " + shown(lock.until()) + " after " + lock.failures()
                + " failed sign-ins; an admin can unlock it.";
    }

    /**
     * An account still stored as an unsalted SHA-256 digest (SkinGPT before bcrypt) whose password is given
     * right is re-stored with the configured hash, through Karaf's own properties backing engine (which keeps
     * the roles and groups and the rest of the file). Karaf's properties module, next in the realm, then
     * checks the password against the new hash.
     */
    private void upgradeLegacyHash(Attempt attempt, char[] password) {
        Optional<Map<String, ?>> options = propertiesOptions();
        if (options.isEmpty() || !upgradesLegacyHashes(options.get())) {
            return;
        }
        Map<String, ?> o = options.get();
        Optional<UsersFile.Account> account = users().flatMap(u -> u.account(attempt.user()));
        PasswordHashes hashes = new PasswordHashes(string(o, "encryption.prefix"), string(o, "encryption.suffix"));
        if (account.isEmpty() || !hashes.isLegacyDigestOf(account.get().storedPassword(), password)) {
            return;
        }
        try {
            BackingEngine engine = new PropertiesBackingEngineFactory().build(o);
            if (engine == null) {
                return;
            }
            engine.addUser(attempt.user(), new String(password));
            audit.hashUpgraded(attempt, string(o, "encryption.algorithm"));
        } catch (RuntimeException e) {
            LOG.error("Could not upgrade the SHA-256 password entry of {} in {}: {}", AccountsAudit.clean(attempt.user()),
                    string(o, "users"), e.toString());
        }
    }

    /** Only when passwords are hashed, and not by Karaf's "basic" unsalted digests. */
    static boolean upgradesLegacyHashes(Map<String, ?> options) {
        String name = string(options, "encryption.name");
        return Boolean.parseBoolean(string(options, "encryption.enabled")) && !name.isBlank()
                && !"basic".equalsIgnoreCase(name.trim());
    }

    private static String string(Map<String, ?> options, String key) {
        Object v = options.get(key);
        return v == null ? "" : v.toString();
    }

    // --- For the shell commands ------------------------------------------------------------------------------

    /** The users file of the wrapped realm's properties module, once Karaf's realm is there. */
    Optional<UsersFile> users() {
        Optional<String> path = propertiesOptions().map(o -> string(o, "users")).filter(s -> !s.isBlank());
        String p = path.orElseGet(() -> {
            String etc = System.getProperty("karaf.etc");
            return etc == null ? "" : etc + File.separator + "users.properties";
        });
        if (p.isEmpty()) {
            return Optional.empty();
        }
        Path file = Paths.get(p);
        UsersFile current = usersFile;
        if (current == null || !current.path().equals(file)) {
            current = new UsersFile(file);
            usersFile = current;
        }
        return Optional.of(current);
    }

    /** How stored passwords are classified under the realm's current prefix and suffix. */
    PasswordHashes hashes() {
        Map<String, ?> o = propertiesOptions().orElse(Map.of());
        return new PasswordHashes(string(o, "encryption.prefix"), string(o, "encryption.suffix"));
    }

    LoginThrottle.Policy currentPolicy() {
        return throttle.policy();
    }

    LoginThrottle.State state(String user) {
        return throttle.state(user);
    }

    List<LoginThrottle.State> states() {
        return throttle.states();
    }

    /**
     * Lifts the lock of a user name and clears its failed sign-ins; audited.
     *
     * @param by the admin doing it
     * @return the lock that was lifted, if the name was locked
     */
    Optional<LoginThrottle.Lock> unlock(String user, String by) {
        Objects.requireNonNull(user, "user");
        LoginThrottle.State before = throttle.state(user);
        Optional<LoginThrottle.Lock> lock = throttle.unlock(user);
        if (lock.isPresent() || before.recentFailures() > 0) {
            audit.unlocked(user, by, lock.isPresent());
        }
        return lock;
    }

    /** The time a lock ends, as the console and shell show it. */
    String shown(Instant until) {
        ZonedDateTime t = until.atZone(zone);
        return (t.toLocalDate().equals(LocalDate.now(clock.withZone(zone))) ? TIME : DAY_TIME).format(t);
    }
}
