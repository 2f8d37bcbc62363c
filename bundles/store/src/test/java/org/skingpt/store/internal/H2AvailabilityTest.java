package org.skingpt.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.skingpt.api.record.HistoryQuery;
import org.skingpt.api.record.RecordStatus;
import org.skingpt.api.record.RecordUnavailableException;

/** Availability on embedded H2: a data folder that cannot be written, then can. */
class H2AvailabilityTest extends AvailabilityTests {

    @Override
    boolean postgres() {
        return false;
    }

    @Test
    void anUnwritableDataFolderIsReportedAndTheStoreRecoversWhenItIsFixed() throws Exception {
        Path blocker = tmp.resolve("data");
        Files.writeString(blocker, "a file where the data folder should be");
        TestDatabase db = TestDatabase.h2(blocker.resolve("skingpt"));
        RecordStore store = new RecordStore(db.settings(), db.factory()::createDataSource,
                new Migrator(MigrationTests.bundled(), "test"), clock);
        stores.add(store);
        store.start();
        RecordStatus status = MigrationTests.awaitProblem(store, "at jdbc:h2:file:" + blocker);
        assertTrue(status.message().startsWith("database unreachable at jdbc:h2:file:")
                || status.message().startsWith("cannot open the record at jdbc:h2:file:"), status.message());
        RecordUnavailableException e = assertThrows(RecordUnavailableException.class,
                () -> store.record().find(HistoryQuery.latest(1)));
        assertTrue(e.getMessage().contains(blocker.toString()), e.getMessage());

        Files.delete(blocker);
        Files.createDirectories(blocker);
        MigrationTests.awaitAvailable(store, 20_000);
        save(store);
        assertEquals(1, store.record().find(HistoryQuery.latest(1)).total());
    }
}
