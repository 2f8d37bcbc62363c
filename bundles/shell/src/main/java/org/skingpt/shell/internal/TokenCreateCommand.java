package org.skingpt.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.skingpt.api.access.ApiScope;
import org.skingpt.api.access.ApiTokens;
import org.skingpt.api.access.IssuedToken;

/**
 * {@code skingpt:token-create}: creates an API token for a hospital system and prints its secret, once.
 */
@Command(scope = "skingpt", name = "token-create", description = "Creates an API token for a hospital system (the secret is shown once)")
@Service
public class TokenCreateCommand implements Action {

    private static final Pattern DAYS = Pattern.compile("(\\d{1,4})d");

    @Reference
    private ApiTokens tokens;

    @Argument(index = 0, name = "name", required = true,
            description = "Unique name of the calling system, e.g. ehr-prod (letters, digits, . _ -)")
    private String name;

    @Option(name = "--scope", aliases = "-s", multiValued = true,
            description = "consult, read or admin; repeat for several (default: consult and read)")
    private List<String> scopes;

    @Option(name = "--expires", aliases = "-e",
            description = "When it stops working: a number of days (90d) or a date (2027-06-30); default 90d")
    private String expires = "90d";

    @Override
    public Object execute() throws Exception {
        Set<ApiScope> granted = EnumSet.noneOf(ApiScope.class);
        try {
            if (scopes == null || scopes.isEmpty()) {
                granted.add(ApiScope.CONSULT);
                granted.add(ApiScope.READ);
            } else {
                for (String s : scopes) {
                    for (String part : s.split(",")) {
                        granted.add(ApiScope.of(part));
                    }
                }
            }
            IssuedToken issued = tokens.create(name, granted, expiry(expires), ShellUser.name());
            System.out.println("Token " + issued.token().name() + " (" + issued.token().id() + "), scopes "
                    + String.join(",", issued.token().scopes().stream().sorted().map(ApiScope::id).toList())
                    + ", expires " + Dates.SHOWN.format(issued.token().expiresAt()));
            System.out.println("Secret (shown only now; the calling system sends 'Authorization: Bearer <secret>'):");
            System.out.println(issued.secret());
            return null;
        } catch (IllegalArgumentException e) {
            throw new CommandException(e.getMessage() + "; no token was created");
        }
    }

    static Instant expiry(String value) {
        Matcher m = DAYS.matcher(value.strip());
        if (m.matches()) {
            int days = Integer.parseInt(m.group(1));
            if (days < 1) {
                throw new IllegalArgumentException("--expires must be at least 1d");
            }
            return Instant.now().plus(Duration.ofDays(days));
        }
        try {
            return LocalDate.parse(value.strip()).plusDays(1).atStartOfDay(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--expires takes a number of days (90d) or a date (2027-06-30), got '"
                    + value + "'");
        }
    }
}
