package org.skingpt.accounts.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code skingpt:users}: the accounts of the users file, their roles, how their password is stored, lock state. */
@Command(scope = "skingpt", name = "users", description = "Lists the user accounts with their roles and sign-in lock state")
@Service
public class UsersCommand implements Action {

    @Reference
    private Accounts accounts;

    @Override
    public Object execute() {
        Optional<List<UsersFile.Account>> list = accounts.accountList();
        if (list.isEmpty()) {
            System.out.println(accounts.inRecord() ? "The accounts cannot be read from the clinical record now (see"
                    + " skingpt:status)." : "The users file is not known yet (Karaf's JAAS realm is not running).");
            return null;
        }
        List<UsersFile.Account> all = list.get();
        Map<String, LoginThrottle.State> states = accounts.states().stream()
                .collect(Collectors.toMap(LoginThrottle.State::user, Function.identity(), (a, b) -> a));
        PasswordHashes hashes = accounts.hashes();
        ShellTable table = new ShellTable();
        table.column("User");
        table.column("Roles").maxSize(50).wrap();
        table.column("Password");
        table.column("Sign-in");
        for (UsersFile.Account a : all) {
            table.addRow().addContent(a.name(), String.join(", ", a.roles()), hashes.kind(a.storedPassword()).label(),
                    describe(states.get(a.name())));
        }
        table.print(System.out);
        LoginThrottle.Policy p = accounts.currentPolicy();
        System.out.printf("%d account(s) in %s. %d failed sign-ins within %d min lock a user name for %d min (%s).%n",
                all.size(), accounts.inRecord() ? "the clinical record (shared by every node)" : "etc/users.properties", p.maxFailures(), p.window().toMinutes(), p.lock().toMinutes(), AccountsConfig.PID);
        long others = states.values().stream().filter(s -> !s.known() && !accounts.exists(s.user())).count();
        if (others > 0) {
            System.out.printf("%d other user name(s) (no such account) with recent failed sign-ins%s.%n", others,
                    states.values().stream().anyMatch(s -> !s.known() && s.locked()) ? ", some locked" : "");
        }
        return null;
    }

    private String describe(LoginThrottle.State s) {
        if (s == null || (s.recentFailures() == 0 && !s.locked())) {
            return "ok";
        }
        if (s.locked()) {
            return "LOCKED until " + accounts.shown(s.lockedUntil()) + " (" + s.recentFailures() + " failures)";
        }
        return s.recentFailures() + " recent failure(s)";
    }
}
