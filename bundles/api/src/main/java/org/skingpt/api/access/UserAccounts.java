package org.skingpt.api.access;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The accounts people sign in with (console, SSH shell, bin/client), wherever they are kept (the users file or
 * the clinical record): listed with their lock state, created, given groups, their password reset, unlocked,
 * deleted. Every change is audited with the admin who made it ({@code actor}).
 *
 * <p>Refusals are {@link IllegalArgumentException}s whose message can be shown as it is: a name that is not
 * allowed, a password the policy refuses, an unknown user or group, an admin taking away their own admin role
 * or deleting themselves. {@link IllegalStateException} means the accounts cannot be reached now (the realm or
 * the record is not running).
 *
 * @since 1.1
 */
@ProviderType
public interface UserAccounts {

    /**
     * Service property of the {@code javax.sql.DataSource} that the clinical record's store registers for
     * accounts kept in the record (several nodes); its value is {@value #ACCOUNTS_DATA_SOURCE}.
     *
     * @since 1.2
     */
    String DATA_SOURCE_PROPERTY = "skingpt.datasource";

    /**
     * Value of {@link #DATA_SOURCE_PROPERTY} on the record's data source for accounts.
     *
     * @since 1.2
     */
    String ACCOUNTS_DATA_SOURCE = "accounts";

    /**
     * Filter that selects the record's data source for accounts, {@value}: the store registers it, the accounts
     * bundle and Karaf's JDBC login module look it up.
     *
     * @since 1.2
     */
    String ACCOUNTS_DATA_SOURCE_FILTER = "(" + DATA_SOURCE_PROPERTY + "=" + ACCOUNTS_DATA_SOURCE + ")";

    /** Every account, by name. */
    List<UserAccount> list();

    /** The groups accounts can be put in, each with the roles it grants, by name. */
    Map<String, Set<String>> groups();

    /** What a new password must be, in words (for the form's help text). */
    String passwordPolicy();

    /** Creates an account with a salted hash of the password, in the given groups. */
    void create(String name, char[] password, Set<String> groups, String actor);

    /** Replaces the groups of an account. */
    void setGroups(String name, Set<String> groups, String actor);

    /** Sets a new password (stored as a salted hash); the account's groups stay. */
    void resetPassword(String name, char[] password, String actor);

    /**
     * Lifts a sign-in lock and clears the failed sign-ins of a name.
     *
     * @return whether the name was locked
     */
    boolean unlock(String name, String actor);

    /** Deletes an account and its lock state. */
    void delete(String name, String actor);
}
