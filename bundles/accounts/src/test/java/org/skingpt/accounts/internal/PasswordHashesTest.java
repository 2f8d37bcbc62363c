package org.skingpt.accounts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.skingpt.accounts.internal.PasswordHashes.Kind;

class PasswordHashesTest {

    private static final String BCRYPT = "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";

    private final PasswordHashes hashes = new PasswordHashes("{CRYPT}", "{CRYPT}");

    @Test
    void classifiesWhatUsersPropertiesHolds() throws Exception {
        assertEquals(Kind.BCRYPT, hashes.kind("{CRYPT}" + BCRYPT + "{CRYPT}"));
        assertEquals(Kind.BCRYPT, hashes.kind("{CRYPT}" + BCRYPT.replace("$2a$", "$2b$") + "{CRYPT}"));
        assertEquals(Kind.LEGACY_SHA256, hashes.kind("{CRYPT}" + karafBasicSha256("secret-password") + "{CRYPT}"));
        assertEquals(Kind.PLAIN, hashes.kind("secret-password"));
        assertEquals(Kind.PLAIN, hashes.kind("{CRYPT}"));
        assertEquals(Kind.PLAIN, hashes.kind(null));
        assertEquals(Kind.OTHER_HASH, hashes.kind("{CRYPT}$argon2id$v=19$m=4096,t=3,p=1$abc$def{CRYPT}"));
    }

    @Test
    void oldSha256EntryOfThePasswordIsRecognised() throws Exception {
        // Karaf's "basic" encryption wrote upper-case hexadecimal.
        String stored = "{CRYPT}" + karafBasicSha256("Old-Secret-1") + "{CRYPT}";
        assertTrue(hashes.isLegacyDigestOf(stored, "Old-Secret-1".toCharArray()));
        assertTrue(hashes.isLegacyDigestOf(stored.toLowerCase(java.util.Locale.ROOT).replace("{crypt}", "{CRYPT}"),
                "Old-Secret-1".toCharArray()));
        assertFalse(hashes.isLegacyDigestOf(stored, "old-secret-1".toCharArray()));
        assertFalse(hashes.isLegacyDigestOf(stored, new char[0]));
        assertFalse(hashes.isLegacyDigestOf(stored, null));
    }

    @Test
    void onlyOldSha256EntriesAreUpgraded() {
        assertFalse(hashes.isLegacyDigestOf("{CRYPT}" + BCRYPT + "{CRYPT}", "x".toCharArray()));
        assertFalse(hashes.isLegacyDigestOf("Old-Secret-1", "Old-Secret-1".toCharArray()), "plain text is Karaf's job");
    }

    @Test
    void upgradeOnlyWhenTheRealmHashesWithSomethingElseThanBasic() {
        assertTrue(Accounts.upgradesLegacyHashes(java.util.Map.of("encryption.enabled", "true",
                "encryption.name", "spring-security-crypto")));
        assertFalse(Accounts.upgradesLegacyHashes(java.util.Map.of("encryption.enabled", "true",
                "encryption.name", "basic")));
        assertFalse(Accounts.upgradesLegacyHashes(java.util.Map.of("encryption.enabled", "false",
                "encryption.name", "spring-security-crypto")));
        assertFalse(Accounts.upgradesLegacyHashes(java.util.Map.of("encryption.enabled", "true")));
    }

    /** What Karaf's BasicEncryption (SHA-256, hexadecimal) stored. */
    static String karafBasicSha256(String password) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().withUpperCase().formatHex(d);
    }
}
