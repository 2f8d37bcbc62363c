package org.skingpt.accounts.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * What kind of password entry {@code etc/users.properties} holds, and the check of the unsalted SHA-256
 * entries written by SkinGPT before it used bcrypt ({@code encryption.name = basic}, SHA-256, hexadecimal).
 */
final class PasswordHashes {

    /** The kinds of stored password. */
    enum Kind {
        /** A bcrypt hash (Spring Security Crypto, {@code $2a$}, {@code $2b$} or {@code $2y$}). */
        BCRYPT("bcrypt"),
        /** Another hash of Spring Security Crypto (argon2, scrypt, pbkdf2) or of another encryption. */
        OTHER_HASH("hash"),
        /** An unsalted SHA-256 digest of an older install: upgraded at the next good sign-in. */
        LEGACY_SHA256("SHA-256 (old, upgraded at next sign-in)"),
        /** Plain text, not hashed yet (Karaf hashes it within seconds while it runs). */
        PLAIN("plain text (hashed when Karaf reads it)");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private final String prefix;
    private final String suffix;

    /**
     * @param prefix the {@code encryption.prefix} of the realm ({@code {CRYPT}}), empty for none
     * @param suffix the {@code encryption.suffix}, empty for none
     */
    PasswordHashes(String prefix, String suffix) {
        this.prefix = prefix == null ? "" : prefix;
        this.suffix = suffix == null ? "" : suffix;
    }

    /** Classifies a stored password (the first comma-separated field of a users.properties entry). */
    Kind kind(String stored) {
        if (stored == null || !isMarked(stored)) {
            return Kind.PLAIN;
        }
        String inner = inner(stored);
        if (BCRYPT.matcher(inner).matches()) {
            return Kind.BCRYPT;
        }
        if (SHA256_HEX.matcher(inner).matches()) {
            return Kind.LEGACY_SHA256;
        }
        return Kind.OTHER_HASH;
    }

    /**
     * Whether {@code stored} is an old unsalted SHA-256 entry of exactly this password. Compared in
     * constant time; the digest is taken over the UTF-8 bytes (Karaf took the platform charset, UTF-8 on
     * every SkinGPT install; the platform charset is tried too where it differs).
     */
    boolean isLegacyDigestOf(String stored, char[] password) {
        if (password == null || kind(stored) != Kind.LEGACY_SHA256) {
            return false;
        }
        byte[] expected = HexFormat.of().parseHex(inner(stored).toLowerCase(java.util.Locale.ROOT));
        String plain = new String(password);
        if (MessageDigest.isEqual(expected, sha256(plain.getBytes(StandardCharsets.UTF_8)))) {
            return true;
        }
        java.nio.charset.Charset platform = java.nio.charset.Charset.defaultCharset();
        return !platform.equals(StandardCharsets.UTF_8) && MessageDigest.isEqual(expected, sha256(plain.getBytes(platform)));
    }

    private boolean isMarked(String stored) {
        return stored.length() >= prefix.length() + suffix.length() && stored.startsWith(prefix) && stored.endsWith(suffix);
    }

    private String inner(String stored) {
        return stored.substring(prefix.length(), stored.length() - suffix.length());
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
