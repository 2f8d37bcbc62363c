package org.skingpt.accounts.internal;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an account change must respect, whoever asks (console, future callers): a user name Karaf's users file
 * and the record can hold, a password policy, and no admin locking themselves out of administration. Each
 * refusal is an {@link IllegalArgumentException} whose message is shown to the admin as it is.
 */
final class AccountRules {

    /** Letters, digits and {@code . _ @ -}; no spaces, commas, '=' or ':' (they break the users file). */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    /** bcrypt reads only the first 72 bytes of a password: longer ones would be silently cut. */
    static final int MAX_PASSWORD_BYTES = 72;
    static final String ADMIN_ROLE = "admin";

    private final int minPasswordLength;

    AccountRules(int minPasswordLength) {
        this.minPasswordLength = minPasswordLength;
    }

    int minPasswordLength() {
        return minPasswordLength;
    }

    String policy() {
        return "At least " + minPasswordLength + " characters and at most " + MAX_PASSWORD_BYTES
                + " bytes, with letters and at least one digit or symbol, not containing the user name.";
    }

    void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A user name is 1 to 64 letters, digits, '.', '_', '@' or '-', starting with"
                    + " a letter or digit.");
        }
    }

    void checkPassword(String name, char[] password) {
        if (password == null || password.length < minPasswordLength) {
            throw new IllegalArgumentException("The password is too short: at least " + minPasswordLength
                    + " characters.");
        }
        if (StandardCharsets.UTF_8.encode(CharBuffer.wrap(password)).remaining() > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("The password is too long: at most " + MAX_PASSWORD_BYTES
                    + " bytes (bcrypt ignores the rest).");
        }
        boolean letter = false;
        boolean other = false;
        for (char c : password) {
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException("The password contains a control character.");
            }
            if (Character.isLetter(c)) {
                letter = true;
            } else if (!Character.isWhitespace(c)) {
                other = true;
            }
        }
        if (!letter || !other) {
            throw new IllegalArgumentException("The password needs letters and at least one digit or symbol.");
        }
        if (name != null && new String(password).toLowerCase(Locale.ROOT).contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("The password must not contain the user name.");
        }
    }

    /** An admin may not take away their own admin role (someone must stay able to administer). */
    void checkGroupChange(String actor, String name, boolean adminNow, Set<String> rolesAfter) {
        if (name.equals(actor) && adminNow && !rolesAfter.contains(ADMIN_ROLE)) {
            throw new IllegalArgumentException("You cannot remove your own admin role; another admin can.");
        }
    }

    void checkDelete(String actor, String name) {
        if (name.equals(actor)) {
            throw new IllegalArgumentException("You cannot delete your own account; another admin can.");
        }
    }
}
