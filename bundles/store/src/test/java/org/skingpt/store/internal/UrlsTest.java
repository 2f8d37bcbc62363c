package org.skingpt.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UrlsTest {

    @Test
    void passwordsAndUserInformationAreHidden() {
        assertEquals("jdbc:postgresql://db1:5432/skingpt?user=s&password=***&ssl=true",
                Urls.redact("jdbc:postgresql://db1:5432/skingpt?user=s&password=se;cr&ssl=true"));
        assertEquals("jdbc:h2:file:/x/record;USER=sa;PASSWORD=***;MODE=PostgreSQL",
                Urls.redact("jdbc:h2:file:/x/record;USER=sa;PASSWORD=top;MODE=PostgreSQL"));
        assertEquals("jdbc:postgresql://***@db1/skingpt", Urls.redact("jdbc:postgresql://u:p@db1/skingpt"));
    }

    @Test
    void karafFoldersAreResolved() {
        String before = System.getProperty("karaf.data");
        try {
            System.setProperty("karaf.data", "/opt/skingpt/data");
            assertEquals("jdbc:h2:file:/opt/skingpt/data/skingpt/record;MODE=PostgreSQL",
                    Urls.resolve("jdbc:h2:file:${karaf.data}/skingpt/record;MODE=PostgreSQL"));
            System.clearProperty("karaf.data");
            assertEquals("jdbc:h2:file:data/skingpt/record", Urls.resolve("jdbc:h2:file:${karaf.data}/skingpt/record"));
            assertEquals("jdbc:h2:file:${karaf.nothing}/r", Urls.resolve("jdbc:h2:file:${karaf.nothing}/r"));
        } finally {
            if (before != null) {
                System.setProperty("karaf.data", before);
            }
        }
    }

    @Test
    void h2CommitsReachTheFileBeforeReturning() {
        assertEquals("jdbc:h2:file:/x;MODE=PostgreSQL;WRITE_DELAY=0", Urls.forStore("jdbc:h2:file:/x;MODE=PostgreSQL"));
        assertEquals("jdbc:h2:file:/x;WRITE_DELAY=0;MODE=PostgreSQL",
                Urls.forStore("jdbc:h2:file:/x;write_delay=500;MODE=PostgreSQL"));
        assertEquals("jdbc:postgresql://db/x", Urls.forStore("jdbc:postgresql://db/x"));
        assertEquals(StoreConfig.DEFAULT_URL, Urls.forStore(StoreConfig.DEFAULT_URL));
    }
}
