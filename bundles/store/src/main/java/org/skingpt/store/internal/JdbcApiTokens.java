package org.skingpt.store.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.skingpt.api.access.ApiScope;
import org.skingpt.api.access.ApiToken;
import org.skingpt.api.access.ApiTokens;
import org.skingpt.api.access.IssuedToken;
import org.skingpt.api.record.AuditAction;
import org.skingpt.api.record.AuditEntry;
import org.skingpt.api.record.ClinicalRecord;

/**
 * API tokens on the {@code api_tokens} table. A secret is {@code skg_} and 43 characters of base64url
 * (256 random bits); only its SHA-256 is stored, so a copy of the database grants nothing. A plain hash is
 * enough (no bcrypt): the secret is random, not a password a person chose.
 */
final class JdbcApiTokens implements ApiTokens {

    static final String SECRET_PREFIX = "skg_";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_NAME_CHARS + "}");
    private static final Pattern SECRET = Pattern.compile(SECRET_PREFIX + "[A-Za-z0-9_-]{43}");
    /** Last use is written at most this often per token: a busy caller would otherwise write on every request. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final Database db;
    private final JdbcAuditTrail audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Instant> lastUseWritten = new ConcurrentHashMap<>();

    JdbcApiTokens(Database db, JdbcAuditTrail audit, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public IssuedToken create(String name, Set<ApiScope> scopes, Instant expiresAt, String actor) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a token name is 1 to " + MAX_NAME_CHARS
                    + " letters, digits, '.', '_' or '-' (e.g. ehr-prod), got '" + name + "'");
        }
        if (scopes == null || scopes.isEmpty()) {
            throw new IllegalArgumentException("give the token at least one scope: consult, read or admin");
        }
        Instant now = Jdbc.micros(clock.instant());
        if (expiresAt == null || !expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("the token's expiry must be in the future, got " + expiresAt);
        }
        String who = Check.required("actor", actor, ClinicalRecord.MAX_NAME_CHARS);
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        byte[] idBytes = new byte[12];
        random.nextBytes(idBytes);
        String id = "tok_" + HexFormat.of().formatHex(idBytes);
        ApiToken token = new ApiToken(id, name, EnumSet.copyOf(scopes), now, who, Jdbc.micros(expiresAt), null, "", null);
        return db.transaction(c -> {
            if (findBy(c, "name", name).isPresent()) {
                throw new IllegalArgumentException("a token named '" + name + "' exists already; revoke it or"
                        + " choose another name");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_tokens (id, name, secret_sha256, scopes,"
                    + " created_at, created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, name);
                ps.setString(3, sha256(secret));
                ps.setString(4, scopeList(token.scopes()));
                Jdbc.setInstant(ps, 5, now);
                ps.setString(6, who);
                Jdbc.setInstant(ps, 7, token.expiresAt());
                ps.executeUpdate();
            }
            audit.appendIn(c, AuditEntry.of(AuditAction.API_TOKEN_CREATED, who, name,
                    "id " + id + ", scopes " + scopeList(token.scopes()) + ", expires " + token.expiresAt(), ""));
            return new IssuedToken(token, secret);
        });
    }

    @Override
    public Optional<ApiToken> authenticate(String secret) {
        if (secret == null || !SECRET.matcher(secret).matches()) {
            return Optional.empty();
        }
        String hash = sha256(secret);
        Optional<ApiToken> found = db.transaction(c -> findBy(c, "secret_sha256", hash));
        found.ifPresent(t -> {
            Instant now = clock.instant();
            Instant written = lastUseWritten.get(t.id());
            if (t.activeAt(now) && (written == null || written.plus(LAST_USED_RESOLUTION).isBefore(now))) {
                lastUseWritten.put(t.id(), now);
                db.transaction(c -> {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")) {
                        Jdbc.setInstant(ps, 1, now);
                        ps.setString(2, t.id());
                        return ps.executeUpdate();
                    }
                });
            }
        });
        return found;
    }

    @Override
    public List<ApiToken> list() {
        return db.transaction(c -> {
            List<ApiToken> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM api_tokens ORDER BY created_at DESC, id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        });
    }

    @Override
    public ApiToken revoke(String idOrName, String actor) {
        String who = Check.required("actor", actor, ClinicalRecord.MAX_NAME_CHARS);
        if (idOrName == null || idOrName.isBlank()) {
            throw new IllegalArgumentException("name the token to revoke (its name or its tok_ id)");
        }
        String key = idOrName.strip();
        return db.transaction(c -> {
            Optional<ApiToken> found = findBy(c, "id", key);
            if (found.isEmpty()) {
                found = findBy(c, "name", key);
            }
            ApiToken t = found.orElseThrow(() -> new IllegalArgumentException("no API token named or with the id '" + key
                            + "'; skingpt:tokens lists them"));
            if (t.revoked()) {
                return t;
            }
            Instant now = Jdbc.micros(clock.instant());
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE api_tokens SET revoked_at = ?, revoked_by = ? WHERE id = ?")) {
                Jdbc.setInstant(ps, 1, now);
                ps.setString(2, who);
                ps.setString(3, t.id());
                ps.executeUpdate();
            }
            audit.appendIn(c, AuditEntry.of(AuditAction.API_TOKEN_REVOKED, who, t.name(), "id " + t.id(), ""));
            return new ApiToken(t.id(), t.name(), t.scopes(), t.createdAt(), t.createdBy(), t.expiresAt(), now, who,
                    t.lastUsedAt());
        });
    }

    private Optional<ApiToken> findBy(Connection c, String column, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM api_tokens WHERE " + column + " = ?")) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static ApiToken read(ResultSet rs) throws SQLException {
        Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
        for (String s : rs.getString("scopes").split(",")) {
            if (!s.isBlank()) {
                try {
                    scopes.add(ApiScope.of(s));
                } catch (IllegalArgumentException ignored) {
                    // a scope written by a newer version: not granted here
                }
            }
        }
        return new ApiToken(rs.getString("id"), rs.getString("name"), scopes, Jdbc.getInstant(rs, "created_at"),
                rs.getString("created_by"), Jdbc.getInstant(rs, "expires_at"), Jdbc.getInstant(rs, "revoked_at"),
                Jdbc.getString(rs, "revoked_by"), Jdbc.getInstant(rs, "last_used_at"));
    }

    static String scopeList(Set<ApiScope> scopes) {
        return scopes.stream().sorted().map(ApiScope::id).collect(Collectors.joining(","));
    }

    static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
