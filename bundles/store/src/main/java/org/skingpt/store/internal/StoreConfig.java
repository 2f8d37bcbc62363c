package org.skingpt.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the clinical record, PID {@value #PID} (file {@code etc/org.skingpt.store.cfg}). */
@ObjectClassDefinition(id = StoreConfig.PID, name = "SkinGPT clinical record",
        description = "The database of consultations and of the audit trail: embedded H2 under the data folder by"
                + " default, or PostgreSQL.")
public @interface StoreConfig {

    String PID = "org.skingpt.store";

    /**
     * Embedded H2 in the data folder. WRITE_DELAY=0: each commit reaches the file before the call returns
     * (H2's default waits up to 500 ms, which a kill -9 would lose).
     */
    String DEFAULT_URL = "jdbc:h2:file:${karaf.data}/skingpt/record;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
            + "DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";

    @AttributeDefinition(name = "JDBC URL", description = "jdbc:h2:file:... (embedded, one server only) or"
            + " jdbc:postgresql://host:port/database. ${karaf.data}, ${karaf.home} and ${karaf.etc} are resolved.")
    String url() default DEFAULT_URL;

    @AttributeDefinition(name = "User", description = "Database user.")
    String user() default "skingpt";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, description = "Database password;"
            + " in etc/org.skingpt.store.cfg write password=${env:SKINGPT_DB_PASSWORD} or"
            + " password=$[secret:db.password] rather than the password itself. Never logged.")
    String password() default "";

    @AttributeDefinition(name = "Connections", description = "Most database connections held (1..200).")
    int maxPoolSize() default 10;

    @AttributeDefinition(name = "Retention (days)", description = "Consultations older than this are deleted,"
            + " with an ERASED entry in the audit trail; 0 keeps them forever.")
    int retentionDays() default 0;

    @AttributeDefinition(name = "Connect timeout (seconds)", description = "How long a call waits for a database"
            + " connection before it is told the record is unavailable (1..300).")
    int connectTimeoutSeconds() default 5;

    @AttributeDefinition(name = "Retry (seconds)", description = "While the database cannot be reached at start,"
            + " how often to try again (1..3600).")
    int retrySeconds() default 10;

    @AttributeDefinition(name = "Node name", description = "This server's name in the record (answers it left"
            + " in progress are marked interrupted when it starts again); empty: the Karaf instance name, else"
            + " the host name.")
    String nodeName() default "";

    @AttributeDefinition(name = "Multi-node", description = "true when several SkinGPT servers share this record"
            + " behind a load balancer (PostgreSQL only: embedded H2 serves one server and is refused). Every node"
            + " needs its own nodeName. false: the store refuses to start while another live node uses the same"
            + " database, so that a second server is not pointed at it by mistake.")
    boolean multiNode() default false;

    @AttributeDefinition(name = "Heartbeat (seconds)", description = "How often this node writes its heartbeat and"
            + " what it serves to the record (1..60). A node silent for 3 heartbeats (at least 15 s) counts as lost:"
            + " the answers it was generating are marked interrupted by the nodes still running.")
    int heartbeatSeconds() default 5;
}
