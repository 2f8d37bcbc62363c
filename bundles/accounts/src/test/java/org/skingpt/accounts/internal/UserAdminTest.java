package org.skingpt.accounts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skingpt.api.access.UserAccount;
import org.skingpt.api.record.AuditEntry;

/**
 * Account administration on a real users file through Karaf's own properties backing engine (no encryption
 * configured here: the distribution's realm adds bcrypt, which the browser test sees).
 */
class UserAdminTest {

    @TempDir
    Path dir;

    private final AccountsTest.RecordingTrail trail = new AccountsTest.RecordingTrail();
    private Accounts accounts;
    private UserAdmin admin;
    private Path users;

    @BeforeEach
    void setUp() throws Exception {
        users = dir.resolve("users.properties");
        Files.writeString(users, "root = Root-Pass-123,_g_:admingroup\n"
                + "dr-a = Clinic-Pass-1,_g_:cliniciangroup\n"
                + "_g_\\:cliniciangroup = group,clinician\n"
                + "_g_\\:admingroup = group,admin,clinician,reviewer\n", StandardCharsets.ISO_8859_1);
        accounts = new Accounts(new MutableClock(Instant.parse("2026-03-02T09:00:00Z")), ZoneOffset.UTC);
        accounts.start(42L, AccountsTest.config(3, 15, 15));
        accounts.bindAuditTrail(trail);
        accounts.addRealm(AccountsTest.realm("karaf", 0, new AppConfigurationEntry[] {new AppConfigurationEntry(
                ProxyLoginModule.class.getName(), LoginModuleControlFlag.OPTIONAL,
                Map.of(ProxyLoginModule.PROPERTY_MODULE, Accounts.PROPERTIES_MODULE, "users", users.toString()))}));
        admin = new UserAdmin(accounts);
        UserAdmin.settleMillis = 10;
    }

    @Test
    void anAccountThatKarafsFileWatcherCutIsWrittenAgainUntilItHasItsGroups() throws Exception {
        admin.create("dr-new", "New-Doctor-42".toCharArray(), Set.of("cliniciangroup"), "root");
        // What the watcher's cut copy left in a CI run: the account without its group, and a stray "_g_" entry.
        String file = Files.readString(users, StandardCharsets.ISO_8859_1);
        String cut = file.lines().map(l -> l.startsWith("dr-new") ? l.replaceAll(",_g_:cliniciangroup", "") : l)
                .collect(java.util.stream.Collectors.joining("\n")) + "\n_g_ = x\n";
        Files.writeString(users, cut, StandardCharsets.ISO_8859_1);
        assertEquals(Set.of(), account("dr-new").groups());
        admin.confirmStored("dr-new", "New-Doctor-42".toCharArray(), Set.of("cliniciangroup"));
        assertEquals(Set.of("clinician"), account("dr-new").roles());
    }

    /** Karaf's users-file watcher as it misbehaves: writes back the copy it read before the change, {@code times} times. */
    private final class LateWatcher extends UserAdmin {
        String copy;
        int times;

        LateWatcher() {
            super(accounts);
        }

        void before(int times) throws java.io.IOException {
            this.copy = Files.readString(users, StandardCharsets.ISO_8859_1);
            this.times = times;
        }

        @Override
        void settle(String name) {
            if (times-- > 0) {
                try {
                    Files.writeString(users, copy, StandardCharsets.ISO_8859_1);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
    }

    @Test
    void groupChangesPasswordResetsAndDeletionsThatTheWatcherUndidAreMadeAgain() throws Exception {
        LateWatcher watched = new LateWatcher();
        watched.before(1);
        watched.setGroups("dr-a", Set.of("admingroup"), "root");
        assertTrue(watched.times < 1, "the change waited for the watcher");
        assertTrue(account("dr-a").hasRole("admin"));
        assertEquals(Set.of("admingroup"), account("dr-a").groups());

        watched.before(1);
        watched.resetPassword("dr-a", "Fresh-Secret-9".toCharArray(), "root");
        assertTrue(watched.times < 1, "the change waited for the watcher");
        assertTrue(Files.readString(users, StandardCharsets.ISO_8859_1).contains("Fresh-Secret-9"), "the new password");
        assertEquals(Set.of("admingroup"), account("dr-a").groups());

        watched.before(1);
        watched.delete("dr-a", "root");
        assertTrue(watched.times < 1, "the change waited for the watcher");
        assertTrue(admin.list().stream().noneMatch(a -> a.name().equals("dr-a")));
        assertTrue(admin.groups().containsKey("cliniciangroup"), "the groups stay");

        // A watcher that undoes the change every time: reported, not claimed.
        watched.before(5);
        assertEquals("The change to account 'root' could not be stored completely (Karaf rewrote the users file"
                + " meanwhile); check it in the list and save it again.", assertThrows(IllegalStateException.class,
                () -> watched.resetPassword("root", "Another-Secret-55".toCharArray(), "root")).getMessage());
    }

    private UserAccount account(String name) {
        return admin.list().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void listsAccountsWithGroupsAndRoles() {
        assertEquals(2, admin.list().size());
        assertEquals(Set.of("admingroup"), account("root").groups());
        assertTrue(account("root").hasRole("admin"));
        assertEquals(Map.of("admingroup", Set.of("admin", "clinician", "reviewer"), "cliniciangroup", Set.of("clinician")),
                admin.groups());
    }

    @Test
    void createsAnAccountInAGroupAndAuditsIt() throws Exception {
        admin.create("dr-new", "New-Doctor-42".toCharArray(), Set.of("cliniciangroup"), "root");
        UserAccount created = account("dr-new");
        assertEquals(Set.of("clinician"), created.roles());
        assertTrue(Files.readString(users, StandardCharsets.ISO_8859_1).contains("dr-new"));
        AuditEntry e = trail.entries.get(trail.entries.size() - 1);
        assertEquals("ACCOUNT_CHANGED", e.action());
        assertEquals("root", e.actor());
        assertEquals("dr-new", e.target());
        assertFalse(e.detail().contains("New-Doctor-42"), "never the password");
    }

    @Test
    void refusesBadNamesWeakPasswordsDuplicatesAndUnknownGroupsChangingNothing() throws Exception {
        String before = Files.readString(users, StandardCharsets.ISO_8859_1);
        assertThrows(IllegalArgumentException.class, () -> admin.create("a b", "Good-Pass-123".toCharArray(), Set.of("cliniciangroup"), "root"));
        assertThrows(IllegalArgumentException.class, () -> admin.create("bob", "short1!".toCharArray(), Set.of("cliniciangroup"), "root"));
        assertEquals("An account named 'dr-a' exists already.", assertThrows(IllegalArgumentException.class,
                () -> admin.create("dr-a", "Good-Pass-123".toCharArray(), Set.of("cliniciangroup"), "root")).getMessage());
        assertEquals("There is no group named 'nogroup'.", assertThrows(IllegalArgumentException.class,
                () -> admin.create("bob", "Good-Pass-123".toCharArray(), Set.of("nogroup"), "root")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> admin.create("bob", "Good-Pass-123".toCharArray(), Set.of(), "root"));
        assertEquals(before, Files.readString(users, StandardCharsets.ISO_8859_1));
    }

    @Test
    void changesGroupsButNoAdminDemotesThemselves() {
        admin.setGroups("dr-a", Set.of("admingroup"), "root");
        assertTrue(account("dr-a").hasRole("admin"));
        assertEquals("You cannot remove your own admin role; another admin can.", assertThrows(
                IllegalArgumentException.class, () -> admin.setGroups("root", Set.of("cliniciangroup"), "root")).getMessage());
        assertTrue(account("root").hasRole("admin"));
        // Another admin may.
        admin.setGroups("root", Set.of("cliniciangroup"), "dr-a");
        assertFalse(account("root").hasRole("admin"));
    }

    @Test
    void deletingTheLastMemberKeepsTheGroupAndNoAdminDeletesThemselves() {
        assertEquals("You cannot delete your own account; another admin can.",
                assertThrows(IllegalArgumentException.class, () -> admin.delete("root", "root")).getMessage());
        admin.delete("dr-a", "root");
        assertTrue(admin.list().stream().noneMatch(a -> a.name().equals("dr-a")));
        assertTrue(admin.groups().containsKey("cliniciangroup"), "Karaf's engine drops an emptied group; it must stay");
        admin.create("dr-b", "Another-Pass-7".toCharArray(), Set.of("cliniciangroup"), "root");
        assertEquals(Set.of("clinician"), account("dr-b").roles());
        assertThrows(IllegalArgumentException.class, () -> admin.delete("nobody", "root"));
    }

    @Test
    void resetsAPasswordKeepingTheGroups() throws Exception {
        admin.resetPassword("dr-a", "Fresh-Secret-9".toCharArray(), "root");
        String file = Files.readString(users, StandardCharsets.ISO_8859_1);
        assertTrue(file.contains("Fresh-Secret-9"), "stored as the realm says (plain here: no encryption configured)");
        assertEquals(Set.of("cliniciangroup"), account("dr-a").groups());
        assertThrows(IllegalArgumentException.class, () -> admin.resetPassword("dr-a", "weak".toCharArray(), "root"));
        assertEquals("password reset", trail.entries.get(trail.entries.size() - 1).detail());
    }

    @Test
    void showsAndLiftsALockout() {
        LoginGate.Attempt attempt = new LoginGate.Attempt("dr-a", LoginGate.Method.PASSWORD, "ssh", "10.0.0.1");
        for (int i = 0; i < 3; i++) {
            accounts.failed(attempt);
        }
        assertTrue(account("dr-a").locked());
        assertEquals(3, account("dr-a").recentFailures());
        assertTrue(admin.unlock("dr-a", "root"));
        assertFalse(account("dr-a").locked());
        assertFalse(admin.unlock("dr-a", "root"), "was not locked any more");
    }
}
