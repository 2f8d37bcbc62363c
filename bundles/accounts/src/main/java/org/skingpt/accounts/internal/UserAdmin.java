package org.skingpt.accounts.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.karaf.jaas.boot.principal.GroupPrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.jaas.modules.BackingEngine;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.skingpt.api.access.UserAccount;
import org.skingpt.api.access.UserAccounts;

/**
 * Account administration for the console's Users page, on Karaf's own backing engines (the users file or the
 * record's tables, wherever {@link Accounts} says accounts are kept now), so that the file stays exactly as
 * {@code jaas:*} would write it and passwords are stored with the realm's salted hash. Lock state comes from
 * {@link Accounts}' throttle. Changes are audited as {@code ACCOUNT_CHANGED} (unlocks as {@code ACCOUNT_UNLOCKED},
 * as {@code skingpt:unlock} does).
 */
@Component(service = UserAccounts.class)
public class UserAdmin implements UserAccounts {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UserAdmin.class);

    private final Accounts accounts;

    @Activate
    public UserAdmin(@Reference Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public List<UserAccount> list() {
        List<UsersFile.Account> all = accounts.accountList().orElseThrow(this::unavailable);
        Map<String, LoginThrottle.State> states = new HashMap<>();
        for (LoginThrottle.State s : accounts.states()) {
            states.put(s.user(), s);
        }
        BackingEngine engine = engine();
        List<UserAccount> out = new ArrayList<>();
        for (UsersFile.Account a : all) {
            LoginThrottle.State s = states.get(a.name());
            out.add(new UserAccount(a.name(), groupsOf(engine, a.name()), a.roles(), s != null && s.locked(),
                    s != null && s.locked() ? s.lockedUntil() : null, s == null ? 0 : s.recentFailures()));
        }
        return out;
    }

    @Override
    public Map<String, Set<String>> groups() {
        Map<String, Set<String>> out = new TreeMap<>();
        engine().listGroups().forEach((g, roles) -> out.put(g.getName(), roleSet(roles)));
        return out;
    }

    @Override
    public String passwordPolicy() {
        return accounts.rules().policy();
    }

    @Override
    public synchronized void create(String name, char[] password, Set<String> groups, String actor) {
        AccountRules rules = accounts.rules();
        rules.checkName(name);
        rules.checkPassword(name, password);
        BackingEngine engine = engine();
        if (engine.lookupUser(name) != null) {
            throw new IllegalArgumentException("An account named '" + name + "' exists already.");
        }
        Map<GroupPrincipal, String> defined = engine.listGroups();
        requireKnown(groups, defined);
        engine.addUser(name, new String(password));
        for (String g : groups) {
            engine.addGroup(name, g);
        }
        confirmStored(name, password, groups);
        accounts.accountChanged(actor, name, "created, groups=" + new TreeSet<>(groups));
    }

    /** How long Karaf's users-file watcher may take to re-read the file after a write (see {@link #confirmStored}). */
    static long settleMillis = 1500;

    /**
     * Waits for Karaf's users-file watcher and puts back what it lost. The properties engine writes the user and
     * each group in separate saves, not atomically; the watcher (auto-encryption) re-reads the file after each change
     * and, reading it while a save is half-written, can write back a cut copy: the new account without its group
     * (seen in a CI run: the console said "created", the user could not sign in) and a stray {@code _g_} entry.
     * So a change counts as made only once a fresh read shows the account with exactly {@code groups}; up to three
     * tries. (The methods that call this are synchronized: one account change at a time, the watcher's time
     * included, so that two changes never interleave their saves.)
     *
     * @param password the account's password, to write it again if the account is missing; {@code null} when the
     *                 change did not set one (then a missing account is reported, not re-created)
     */
    void confirmStored(String name, char[] password, Set<String> groups) {
        confirmStored(name, password, groups, null);
    }

    /**
     * {@link #confirmStored(String, char[], Set)} for a new password: {@code replaced}, the stored password it
     * replaced (as the file held it), must be gone too — else the watcher wrote back the old entry.
     */
    void confirmStored(String name, char[] password, Set<String> groups, String replaced) {
        if (accounts.inRecord()) {
            return; // the record's engine writes rows: no file, no watcher
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            settle(name);
            BackingEngine fresh = engine();
            boolean present = fresh.lookupUser(name) != null;
            Set<String> have = present ? groupsOf(fresh, name) : Set.of();
            boolean passwordStored = replaced == null || !replaced.equals(storedPassword(name));
            if (present && have.equals(groups) && passwordStored) {
                return;
            }
            if (!present && password == null) {
                break; // nothing to write it again with
            }
            LOG.warn("The users file lost part of a change to account '{}' (Karaf's users-file watcher read it while it"
                    + " was written); writing it again", name);
            Map<GroupPrincipal, String> defined = fresh.listGroups();
            if (!present || !passwordStored) {
                fresh.addUser(name, new String(password));
            }
            moveGroups(fresh, name, have, groups);
            restoreGroups(fresh, defined);
        }
        throw new IllegalStateException("The change to account '" + name + "' could not be stored completely (Karaf"
                + " rewrote the users file meanwhile); check it in the list and save it again.");
    }

    /** {@link #confirmStored} for a deletion: a fresh read must not show the account any more. */
    void confirmDeleted(String name) {
        if (accounts.inRecord()) {
            return;
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            settle(name);
            BackingEngine fresh = engine();
            if (fresh.lookupUser(name) == null) {
                return;
            }
            LOG.warn("Account '{}' came back in the users file (Karaf's users-file watcher wrote back an older copy);"
                    + " deleting it again", name);
            Map<GroupPrincipal, String> defined = fresh.listGroups();
            fresh.deleteUser(name);
            restoreGroups(fresh, defined);
        }
        throw new IllegalStateException("The account '" + name + "' could not be deleted for good (Karaf rewrote the"
                + " users file meanwhile); check the list and delete it again.");
    }

    /** The account's stored password as the users file holds it now (a hash, or plain), or null. */
    private String storedPassword(String name) {
        return accounts.users().flatMap(f -> f.account(name)).map(UsersFile.Account::storedPassword).orElse(null);
    }

    /** Gives Karaf's users-file watcher its time (a test watcher writes back its copy here). */
    void settle(String name) {
        try {
            Thread.sleep(settleMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while storing the change to account '" + name + "'.", e);
        }
    }

    @Override
    public synchronized void setGroups(String name, Set<String> groups, String actor) {
        BackingEngine engine = engine();
        UserPrincipal user = requireUser(engine, name);
        Map<GroupPrincipal, String> defined = engine.listGroups();
        requireKnown(groups, defined);
        Set<String> before = groupsOf(engine, name);
        boolean adminNow = accounts.accountList().orElseThrow(this::unavailable).stream()
                .anyMatch(a -> a.name().equals(name) && a.roles().contains(AccountRules.ADMIN_ROLE));
        accounts.rules().checkGroupChange(actor, name, adminNow, directAndGroupRoles(engine, user, groups, defined));
        moveGroups(engine, name, before, groups);
        restoreGroups(engine, defined);
        confirmStored(name, null, groups);
        accounts.accountChanged(actor, name, "groups " + before + " -> " + new TreeSet<>(groups));
    }

    @Override
    public synchronized void resetPassword(String name, char[] password, String actor) {
        accounts.rules().checkPassword(name, password);
        BackingEngine engine = engine();
        requireUser(engine, name);
        if (accounts.inRecord()) {
            try {
                if (!accounts.setRecordPassword(name, password)) {
                    throw new IllegalArgumentException("There is no account named '" + name + "'.");
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("The clinical record refused the change: " + e.getMessage(), e);
            }
        } else {
            // Karaf's properties engine re-stores the entry with the new hash and keeps its groups and roles.
            Set<String> groups = groupsOf(engine, name);
            String replaced = storedPassword(name);
            if (replaced != null && replaced.equals(new String(password))) {
                replaced = null; // stored in plain (no encryption configured) and the same: nothing to tell apart
            }
            engine.addUser(name, new String(password));
            confirmStored(name, password, groups, replaced);
        }
        accounts.accountChanged(actor, name, "password reset");
    }

    @Override
    public boolean unlock(String name, String actor) {
        return accounts.unlock(name, actor).isPresent();
    }

    @Override
    public synchronized void delete(String name, String actor) {
        accounts.rules().checkDelete(actor, name);
        BackingEngine engine = engine();
        requireUser(engine, name);
        Map<GroupPrincipal, String> defined = engine.listGroups();
        engine.deleteUser(name);
        restoreGroups(engine, defined);
        confirmDeleted(name);
        accounts.forget(name);
        accounts.accountChanged(actor, name, "deleted");
    }

    private BackingEngine engine() {
        return accounts.engine().orElseThrow(this::unavailable);
    }

    private IllegalStateException unavailable() {
        return new IllegalStateException(accounts.inRecord()
                ? "The accounts cannot be reached in the clinical record now; try again when it is running."
                : "The users file is not known yet (Karaf's JAAS realm is not running).");
    }

    private static UserPrincipal requireUser(BackingEngine engine, String name) {
        UserPrincipal user = name == null ? null : engine.lookupUser(name);
        if (user == null) {
            throw new IllegalArgumentException("There is no account named '" + name + "'.");
        }
        return user;
    }

    private static void requireKnown(Set<String> groups, Map<GroupPrincipal, String> defined) {
        if (groups == null || groups.isEmpty()) {
            throw new IllegalArgumentException("Choose at least one group: an account without one cannot use SkinGPT.");
        }
        for (String g : groups) {
            if (!defined.containsKey(new GroupPrincipal(g))) {
                throw new IllegalArgumentException("There is no group named '" + g + "'.");
            }
        }
    }

    private static Set<String> groupsOf(BackingEngine engine, String name) {
        Set<String> out = new TreeSet<>();
        UserPrincipal user = engine.lookupUser(name);
        if (user != null) {
            engine.listGroups(user).forEach(g -> out.add(g.getName()));
        }
        return out;
    }

    /** The roles the account would hold with these groups: its own roles plus theirs. */
    private static Set<String> directAndGroupRoles(BackingEngine engine, UserPrincipal user, Set<String> groups,
            Map<GroupPrincipal, String> defined) {
        Set<String> roles = new TreeSet<>();
        Set<String> groupRolesNow = new TreeSet<>();
        for (GroupPrincipal g : engine.listGroups(user)) {
            groupRolesNow.addAll(roleSet(defined.get(g)));
        }
        // listRoles expands groups: what is left after removing every group role is given directly.
        engine.listRoles(user).forEach(r -> {
            if (!groupRolesNow.contains(r.getName())) {
                roles.add(r.getName());
            }
        });
        for (String g : groups) {
            roles.addAll(roleSet(defined.get(new GroupPrincipal(g))));
        }
        return roles;
    }

    /** Takes the account out of the groups of {@code from} that {@code to} lacks and into those it adds. */
    private static void moveGroups(BackingEngine engine, String name, Set<String> from, Set<String> to) {
        for (String g : from) {
            if (!to.contains(g)) {
                engine.deleteGroup(name, g);
            }
        }
        for (String g : to) {
            if (!from.contains(g)) {
                engine.addGroup(name, g);
            }
        }
    }

    /**
     * Karaf's engines delete a group's definition with its last member: the groups an admin picks from must not
     * vanish because the last clinician was deleted.
     */
    private static void restoreGroups(BackingEngine engine, Map<GroupPrincipal, String> before) {
        Map<GroupPrincipal, String> now = engine.listGroups();
        before.forEach((g, roles) -> {
            if (!now.containsKey(g)) {
                engine.createGroup(g.getName());
                for (String r : roleSet(roles)) {
                    engine.addGroupRole(g.getName(), r);
                }
            }
        });
    }

    /** Karaf lists a group's roles as one comma-separated string (the properties engine starts it with "group"). */
    static Set<String> roleSet(String roles) {
        Set<String> out = new LinkedHashSet<>();
        if (roles != null) {
            Arrays.stream(roles.split(",")).map(String::trim).filter(r -> !r.isEmpty() && !r.equals("group"))
                    .forEach(out::add);
        }
        return out;
    }
}
