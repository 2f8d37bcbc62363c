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
import javax.sql.DataSource;
import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.config.JaasRealm;
import org.apache.karaf.jaas.modules.BackingEngine;
import org.apache.karaf.jaas.modules.properties.PropertiesBackingEngineFactory;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.skingpt.api.access.UserAccounts;
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

    /** The record's connections (store bundle), for accounts kept in the record. */
    @Reference(service = DataSource.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = UserAccounts.ACCOUNTS_DATA_SOURCE_FILTER)
    void bindRecord(DataSource db) {
        record = new RecordAccounts(db);
        seedLater();
    }

    void unbindRecord(DataSource db) {
        record = null;
    }

    private volatile RecordAccounts record;
    private volatile boolean inRecord;
    private volatile boolean seeded;
    private final java.util.concurrent.ScheduledExecutorService seeder =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "skingpt-accounts-seed");
                t.setDaemon(true);
                return t;
            });

    /** In record mode, copies users.properties into an empty record once the record answers (retrying). */
    private void seedLater() {
        if (!inRecord || seeded) {
            return;
        }
        seeder.schedule(this::seed, 0, java.util.concurrent.TimeUnit.SECONDS);
    }

    private void seed() {
        RecordAccounts r = record;
        Optional<UsersFile> file = usersFile();
        if (!inRecord || seeded || r == null || file.isEmpty()) {
            return;
        }
        try {
            List<String> skipped = new ArrayList<>();
            int n = r.seedIfEmpty(file.get().entries(), skipped, hashes(), this::hash);
            seeded = true;
            if (n >= 0) {
                LOG.info("Accounts are kept in the clinical record: {} accounts copied from {}", n, file.get().path());
                audit.imported(n, file.get().path().toString());
            }
            for (String s : skipped) {
                LOG.warn("Account {} of {} has a plain-text password that could not be hashed and was not copied into"
                        + " the record; add it with jaas:user-add", AccountsAudit.clean(s), file.get().path());
            }
        } catch (java.sql.SQLException | RuntimeException e) {
            LOG.debug("Accounts not copied into the record yet: {}", e.getMessage());
            seeder.schedule(this::seed, 5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Activate
    void activate(BundleContext context, AccountsConfig config) {
        bundleId = context.getBundle().getBundleId();
        // Karaf 4.4 registers backing engines for its users file and keys file only: without this one, jaas:* would
        // manage the keys file when accounts are kept in the record.
        jdbcEngines = context.registerService(org.apache.karaf.jaas.modules.BackingEngineFactory.class,
                new org.apache.karaf.jaas.modules.jdbc.JDBCBackingEngineFactory(), null);
        source(config);
        throttle = new LoginThrottle(policy(config), UNKNOWN_NAMES_TRACKED, clock);
        rules = rules(config);
        LoginThrottle.Policy p = throttle.policy();
        LOG.info("Sign-in protection on realm '{}': {} failed sign-ins within {} min lock a user name for {} min",
                REALM, p.maxFailures(), p.window().toMinutes(), p.lock().toMinutes());
    }

    /** For tests: activation without a framework. */
    void start(long bundleId, AccountsConfig config) {
        this.bundleId = bundleId;
        throttle = new LoginThrottle(policy(config), UNKNOWN_NAMES_TRACKED, clock);
        rules = rules(config);
    }

    private volatile AccountRules rules = new AccountRules(10);

    private static AccountRules rules(AccountsConfig config) {
        return new AccountRules(clamp("minPasswordLength", config.minPasswordLength(), 8, 72, 10));
    }

    AccountRules rules() {
        return rules;
    }

    @Deactivate
    void deactivate() {
        seeder.shutdownNow();
        if (jdbcEngines != null) {
            try {
                jdbcEngines.unregister();
            } catch (IllegalStateException ignored) {
                // gone with the bundle
            }
            jdbcEngines = null;
        }
    }

    private org.osgi.framework.ServiceRegistration<org.apache.karaf.jaas.modules.BackingEngineFactory> jdbcEngines;

    private void source(AccountsConfig config) {
        String source = config.source() == null ? AccountsConfig.FILE : config.source().trim();
        if (!source.equals(AccountsConfig.FILE) && !source.equals(AccountsConfig.RECORD)) {
            LOG.error("Configuration {}: source = {} is neither file nor record; using file", AccountsConfig.PID,
                    source);
            source = AccountsConfig.FILE;
        }
        inRecord = source.equals(AccountsConfig.RECORD);
        if (inRecord) {
            LOG.info("Accounts of realm '{}' are kept in the clinical record (shared by every node)", REALM);
            seedLater();
        }
    }

    @Modified
    void modified(AccountsConfig config) {
        source(config);
        throttle.policy(policy(config));
        rules = rules(config);
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
        baseRealm().map(JaasRealm::getEntries).ifPresent(base -> {
            for (AppConfigurationEntry e : base) {
                entries.add(inRecord && PROPERTIES_MODULE.equals(e.getOptions().get(ProxyLoginModule.PROPERTY_MODULE))
                        ? recordEntry(e) : e);
            }
        });
        return entries.toArray(AppConfigurationEntry[]::new);
    }

    /**
     * Karaf's JDBC login module on the record's accounts, in place of the users-file module: same bundle, same
     * flag and the same password encryption (bcrypt), so hashes copied from the file check the same way and
     * Karaf's jaas:* commands write new ones alike.
     */
    static AppConfigurationEntry recordEntry(AppConfigurationEntry properties) {
        return new AppConfigurationEntry(properties.getLoginModuleName(), properties.getControlFlag(),
                recordOptions(properties.getOptions()));
    }

    /** Options of Karaf's JDBC module (and backing engine) on the record, from those of the properties module. */
    static Map<String, Object> recordOptions(Map<String, ?> propertiesOptions) {
        Map<String, Object> options = new HashMap<>();
        propertiesOptions.forEach((k, v) -> {
            if (k.startsWith("encryption.") || k.equals(ProxyLoginModule.PROPERTY_BUNDLE)
                    || k.equals("detailed.login.exception") || k.equals(BundleContext.class.getName())) {
                options.put(k, v);
            }
        });
        options.put(ProxyLoginModule.PROPERTY_MODULE, RecordAccounts.LOGIN_MODULE);
        options.put("datasource", "osgi:javax.sql.DataSource/" + UserAccounts.ACCOUNTS_DATA_SOURCE_FILTER);
        options.putAll(RecordAccounts.moduleOptions());
        return options;
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
        boolean isAccount = exists(attempt.user());
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

    /** Whether accounts are kept in the record (shared by the nodes) rather than in the users file. */
    boolean inRecord() {
        return inRecord;
    }

    /** Whether this name is an account, wherever accounts are kept. */
    boolean exists(String user) {
        if (inRecord) {
            RecordAccounts r = record;
            try {
                return r != null && user != null && r.exists(user);
            } catch (java.sql.SQLException e) {
                return false;
            }
        }
        return users().map(u -> u.exists(user)).orElse(false);
    }

    /** Every account with its roles, wherever accounts are kept; empty when that cannot be read now. */
    Optional<List<UsersFile.Account>> accountList() {
        if (inRecord) {
            RecordAccounts r = record;
            try {
                return r == null ? Optional.empty() : Optional.of(r.list());
            } catch (java.sql.SQLException e) {
                LOG.warn("Accounts cannot be read from the record: {}", e.getMessage());
                return Optional.empty();
            }
        }
        return users().map(UsersFile::accounts);
    }

    /** A plain-text password in the form the realm's encryption stores it (bcrypt), or null when not possible. */
    private String hash(String plain) {
        Optional<Map<String, ?>> o = propertiesOptions();
        if (o.isEmpty()) {
            return null;
        }
        try {
            org.apache.karaf.jaas.modules.encryption.EncryptionSupport support =
                    new org.apache.karaf.jaas.modules.encryption.EncryptionSupport(o.get());
            org.apache.karaf.jaas.modules.Encryption encryption = support.getEncryption();
            if (encryption == null) {
                return plain; // the realm is set to keep passwords as they are
            }
            String prefix = support.getEncryptionPrefix() == null ? "" : support.getEncryptionPrefix();
            String suffix = support.getEncryptionSuffix() == null ? "" : support.getEncryptionSuffix();
            return prefix + encryption.encryptPassword(plain) + suffix;
        } catch (RuntimeException e) {
            LOG.warn("A password could not be hashed for the record: {}", e.getMessage());
            return null;
        }
    }

    /** The users file (also in record mode, where it seeds an empty record). */
    private Optional<UsersFile> usersFile() {
        return users();
    }

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

    // --- For account administration (UserAdmin) -----------------------------------------------------------------

    /**
     * Karaf's backing engine on wherever accounts are kept now: its properties engine on the users file, or its
     * JDBC engine on the record's tables. Built per use: both read their store afresh.
     */
    Optional<BackingEngine> engine() {
        Optional<Map<String, ?>> o = propertiesOptions();
        if (o.isEmpty()) {
            return Optional.empty();
        }
        if (inRecord) {
            return record == null ? Optional.empty()
                    : Optional.ofNullable(new org.apache.karaf.jaas.modules.jdbc.JDBCBackingEngineFactory()
                            .build(recordOptions(o.get())));
        }
        return Optional.ofNullable(new PropertiesBackingEngineFactory().build(o.get()));
    }

    /**
     * Sets a password in the record (Karaf's JDBC engine only inserts): hashed the way the realm checks it.
     *
     * @return false when the account does not exist
     */
    boolean setRecordPassword(String user, char[] password) throws java.sql.SQLException {
        RecordAccounts r = record;
        if (r == null) {
            throw new IllegalStateException("The clinical record is not running; accounts cannot be changed now.");
        }
        String stored = hash(new String(password));
        if (stored == null) {
            throw new IllegalStateException("The password cannot be hashed now (Karaf's realm is not running).");
        }
        return r.setPassword(user, stored);
    }

    void accountChanged(String actor, String user, String detail) {
        audit.changed(actor, user, detail);
    }

    /** Forgets the failed sign-ins and lock of a deleted account (a new account of that name starts clean). */
    void forget(String user) {
        throttle.unlock(user);
    }

    /** The time a lock ends, as the console and shell show it. */
    String shown(Instant until) {
        ZonedDateTime t = until.atZone(zone);
        return (t.toLocalDate().equals(LocalDate.now(clock.withZone(zone))) ? TIME : DAY_TIME).format(t);
    }
}
