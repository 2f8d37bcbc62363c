package org.skingpt.accounts.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Sign-in protection settings, PID {@value #PID} (file {@code etc/org.skingpt.accounts.cfg}). */
@ObjectClassDefinition(
        id = AccountsConfig.PID,
        name = "SkinGPT accounts",
        description = "Failed sign-in throttling and temporary lockout for the console, the SSH shell and "
                + "bin/client (Karaf JAAS realm \"karaf\").")
public @interface AccountsConfig {

    /** Configuration PID. */
    String PID = "org.skingpt.accounts";

    @AttributeDefinition(
            name = "Failed sign-ins before lockout",
            description = "This many failed sign-ins of one user name within the window lock it (1 to 100).",
            min = "1",
            max = "100")
    int maxFailures() default 5;

    @AttributeDefinition(
            name = "Window (minutes)",
            description = "Failed sign-ins older than this are forgotten (1 to 1440).",
            min = "1",
            max = "1440")
    int windowMinutes() default 15;

    @AttributeDefinition(
            name = "Lockout (minutes)",
            description = "How long a locked user name stays locked, unless an admin unlocks it first "
                    + "(skingpt:unlock); 1 to 10080 (a week).",
            min = "1",
            max = "10080")
    int lockMinutes() default 15;

    @AttributeDefinition(
            name = "Minimum password length",
            description = "Passwords set from the console's Users page must be at least this long (8 to 72), hold"
                    + " letters and a digit or symbol, and not contain the user name.",
            min = "8",
            max = "72")
    int minPasswordLength() default 10;

    /** Where accounts are kept: {@value #FILE} or {@value #RECORD}. */
    String FILE = "file";
    String RECORD = "record";

    @AttributeDefinition(
            name = "Accounts kept in",
            description = "file: etc/users.properties of this server (the default; one server). record: the"
                    + " clinical record's database, shared by every node of a multi-node installation; the first"
                    + " start copies etc/users.properties into an empty record, after that accounts are managed"
                    + " with Karaf's jaas:* commands on any node.")
    String source() default FILE;
}
