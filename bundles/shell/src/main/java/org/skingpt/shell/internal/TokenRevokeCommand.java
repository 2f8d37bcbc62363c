package org.skingpt.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.skingpt.api.access.ApiToken;
import org.skingpt.api.access.ApiTokens;

/** {@code skingpt:token-revoke}: revokes an API token at once (on every server sharing the database). */
@Command(scope = "skingpt", name = "token-revoke", description = "Revokes an API token at once")
@Service
public class TokenRevokeCommand implements Action {

    @Reference
    private ApiTokens tokens;

    @Argument(index = 0, name = "token", required = true, description = "The token's name or tok_ id")
    private String token;

    @Override
    public Object execute() throws Exception {
        try {
            ApiToken t = tokens.revoke(token, ShellUser.name());
            System.out.println("Token " + t.name() + " (" + t.id() + ") revoked " + Dates.SHOWN.format(t.revokedAt())
                    + " by " + t.revokedBy() + ".");
            return null;
        } catch (IllegalArgumentException e) {
            throw new CommandException(e.getMessage());
        }
    }
}
