package org.skingpt.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Migrations on embedded H2, and the migration files themselves. */
class H2MigrationTest extends MigrationTests {

    @Override
    boolean postgres() {
        return false;
    }

    @Test
    void theIndexListsEveryMigrationFileInOrder() throws IOException {
        Path folder = Path.of("src/main/resources/db/migration");
        List<String> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted().toList();
        }
        assertEquals(files, bundled().stream().map(Migrator.Migration::file).toList());
    }
}
