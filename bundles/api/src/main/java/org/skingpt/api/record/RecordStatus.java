package org.skingpt.api.record;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether the record can be used now, and on what.
 *
 * @param available       true when reads and writes can go through
 * @param database        the database product, for example {@code H2} or {@code PostgreSQL}; empty when
 *                        never reached
 * @param databaseVersion its version, empty when never reached
 * @param location        the JDBC URL without user or password
 * @param schemaVersion   the schema version in use, 0 before the migrations ran
 * @param message         what a person should know or do, for example
 *                        {@code database unreachable at jdbc:postgresql://db1:5432/skingpt: Connection refused};
 *                        a short summary when available
 * @param checkedAt       when this was found out
 */
public record RecordStatus(
        boolean available,
        String database,
        String databaseVersion,
        String location,
        int schemaVersion,
        String message,
        Instant checkedAt) {

    public RecordStatus {
        database = Objects.requireNonNullElse(database, "");
        databaseVersion = Objects.requireNonNullElse(databaseVersion, "");
        location = Objects.requireNonNullElse(location, "");
        message = Objects.requireNonNullElse(message, "");
        Objects.requireNonNull(checkedAt, "checkedAt");
    }
}
