package org.skingpt.console.internal.i18n;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console language each user chose, kept in a small file in the console bundle's data area, so that it
 * follows the user to another browser and survives restarts. (A cookie keeps the choice of the browser before
 * sign-in.) Only user names and language tags are stored.
 */
public final class LanguagePreferences {

    private static final Logger LOG = LoggerFactory.getLogger(LanguagePreferences.class);
    private static final Pattern TAG = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,3}");
    private static final int MAX_USER_CHARS = 200;

    private final Path file;
    private final Properties byUser = new Properties();

    /** @param file where the choices are kept; null keeps them in memory only */
    public LanguagePreferences(Path file) {
        this.file = file;
        if (file != null) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                byUser.load(r);
            } catch (NoSuchFileException e) {
                // nobody has chosen yet
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("Console language choices in {} could not be read ({}); users start in English", file,
                        e.toString());
            }
        }
    }

    /** The language tag the user chose, if any. */
    public synchronized Optional<String> get(String user) {
        return user == null ? Optional.empty() : Optional.ofNullable(byUser.getProperty(user));
    }

    /**
     * Remembers a user's choice.
     *
     * @throws IllegalArgumentException for a blank or overlong user name or a malformed language tag
     */
    public synchronized void set(String user, Locale language) {
        if (user == null || user.isBlank() || user.length() > MAX_USER_CHARS) {
            throw new IllegalArgumentException("user name must be 1 to " + MAX_USER_CHARS + " characters");
        }
        String tag = language == null || language.getLanguage().isEmpty() ? "" : language.toLanguageTag();
        if (!TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("not a language tag: '" + tag + "'");
        }
        if (tag.equals(byUser.getProperty(user))) {
            return;
        }
        byUser.setProperty(user, tag);
        save();
    }

    private void save() {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                byUser.store(w, "Console language chosen by each user (user = BCP 47 tag)");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // The choice still holds for this session and browser (cookie).
            LOG.warn("Console language choices could not be saved to {}: {}", file, e.toString());
        }
    }
}
