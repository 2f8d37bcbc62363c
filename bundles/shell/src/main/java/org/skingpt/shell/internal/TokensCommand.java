package org.skingpt.shell.internal;

import java.time.Instant;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.skingpt.api.access.ApiScope;
import org.skingpt.api.access.ApiToken;
import org.skingpt.api.access.ApiTokens;

/** {@code skingpt:tokens}: the API tokens, with their state; never their secrets, which are not kept. */
@Command(scope = "skingpt", name = "tokens", description = "Lists the API tokens (revoked and expired ones too)")
@Service
public class TokensCommand implements Action {

    @Reference
    private ApiTokens tokens;

    @Override
    public Object execute() throws Exception {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Id");
        table.column("Scopes");
        table.column("State");
        table.column("Expires");
        table.column("Last used");
        table.column("Created by");
        Instant now = Instant.now();
        for (ApiToken t : tokens.list()) {
            String state = t.revoked() ? "revoked " + Dates.SHOWN.format(t.revokedAt()) + " by " + t.revokedBy()
                    : t.expiredAt(now) ? "expired" : "active";
            table.addRow().addContent(t.name(), t.id(),
                    String.join(",", t.scopes().stream().sorted().map(ApiScope::id).toList()), state,
                    Dates.SHOWN.format(t.expiresAt()),
                    t.lastUsedAt() == null ? "never" : Dates.SHOWN.format(t.lastUsedAt()), t.createdBy());
        }
        table.print(System.out);
        return null;
    }
}
