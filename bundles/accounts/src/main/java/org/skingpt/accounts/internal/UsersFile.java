package org.skingpt.accounts.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Read-only view of Karaf's {@code etc/users.properties}: {@code user = password,role,_g_:group,...} and
 * {@code _g_\:group = group,role,...}. Re-read when the file changes (size or modification time). Karaf
 * itself writes the file (jaas:* commands, hashing of plain-text passwords); this class never does.
 */
final class UsersFile {

    /** Prefix of group entries (Karaf's PropertiesBackingEngine.GROUP_PREFIX). */
    static final String GROUP_PREFIX = "_g_:";

    /** One account: its name, stored password (first field) and roles (group roles included). */
    record Account(String name, String storedPassword, Set<String> roles) {
    }

    private final Path file;
    private Map<String, String> entries = Map.of();
    private long size = -1;
    private long modified = -1;

    UsersFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /** Whether {@code user} is an account (group entries are not). */
    boolean exists(String user) {
        return user != null && !user.startsWith(GROUP_PREFIX) && current().containsKey(user);
    }

    Optional<Account> account(String user) {
        if (user == null || user.startsWith(GROUP_PREFIX)) {
            return Optional.empty();
        }
        Map<String, String> all = current();
        String value = all.get(user);
        return value == null ? Optional.empty() : Optional.of(account(user, value, all));
    }

    /** Every account, by name. */
    List<Account> accounts() {
        Map<String, String> all = current();
        List<Account> accounts = new ArrayList<>();
        all.forEach((name, value) -> {
            if (!name.startsWith(GROUP_PREFIX)) {
                accounts.add(account(name, value, all));
            }
        });
        accounts.sort(Comparator.comparing(Account::name));
        return accounts;
    }

    /** The file's entries as written: account name (or {@code _g_:group}) to {@code password,role,...}. */
    Map<String, String> entries() {
        return Map.copyOf(current());
    }

    /** An account from its entry, groups expanded with these entries. */
    static Account account(String name, String value, Map<String, String> all) {
        String[] fields = value.split(",");
        Set<String> roles = new LinkedHashSet<>();
        for (int i = 1; i < fields.length; i++) {
            String f = fields[i].trim();
            if (f.startsWith(GROUP_PREFIX)) {
                String group = all.get(f);
                if (group != null) {
                    String[] groupFields = group.split(",");
                    for (int j = 1; j < groupFields.length; j++) {
                        if (!groupFields[j].isBlank()) {
                            roles.add(groupFields[j].trim());
                        }
                    }
                }
            } else if (!f.isEmpty()) {
                roles.add(f);
            }
        }
        return new Account(name, fields[0].trim(), roles);
    }

    private synchronized Map<String, String> current() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            long m = attributes.lastModifiedTime().toMillis();
            if (attributes.size() != size || m != modified) {
                Properties p = new Properties();
                try (InputStream in = Files.newInputStream(file)) {
                    p.load(in);
                }
                Map<String, String> read = new TreeMap<>();
                p.stringPropertyNames().forEach(k -> read.put(k, p.getProperty(k)));
                entries = read;
                size = attributes.size();
                modified = m;
            }
        } catch (NoSuchFileException e) {
            entries = Map.of();
            size = -1;
            modified = -1;
        } catch (IOException e) {
            // Keep what was read last; Karaf's own login module reports the problem to the user.
        }
        return entries;
    }
}
