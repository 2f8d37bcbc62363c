package org.skingpt.shell.ssh.internal;

import java.io.IOException;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.apache.karaf.shell.ssh.ShellCommand;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;

/**
 * Runs an SSH exec request with Karaf's own {@link ShellCommand} (its JAAS subject, command ACLs,
 * init script and exit status unchanged), in an {@link ExecSessionFactory} session. SCP requests,
 * when SFTP/SCP is switched on in {@code etc/org.apache.karaf.shell.cfg}, go to the factory Karaf
 * installed.
 */
final class ScriptableExecFactory implements CommandFactory {

    private final SessionFactory sessions;
    private final CommandFactory previous;

    ScriptableExecFactory(SessionFactory sessions, CommandFactory previous) {
        this.sessions = new ExecSessionFactory(sessions);
        this.previous = previous;
    }

    CommandFactory previous() {
        return previous;
    }

    @Override
    public Command createCommand(ChannelSession channel, String command) throws IOException {
        if (previous != null && isScp(command)) {
            return previous.createCommand(channel, command);
        }
        return new ShellCommand(sessions, command);
    }

    static boolean isScp(String command) {
        String c = command.stripLeading();
        return c.equals("scp") || c.startsWith("scp ");
    }
}
