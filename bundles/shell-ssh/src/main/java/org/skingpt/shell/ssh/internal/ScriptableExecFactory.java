package org.skingpt.shell.ssh.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.apache.karaf.shell.ssh.ShellCommand;
import org.apache.sshd.common.Closeable;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;

/**
 * Runs an SSH exec request with Karaf's own {@link ShellCommand} (its JAAS subject, command ACLs,
 * init script and exit status unchanged), in an {@link ExecSessionFactory} session. SCP requests,
 * when SFTP/SCP is switched on in {@code etc/org.apache.karaf.shell.cfg}, go to the factory Karaf
 * installed.
 *
 * <p>Karaf's {@code ShellCommand} also closes the whole SSH session right after it has sent the exit
 * status. The client may then see the connection drop before the channel's close: OpenSSH's
 * {@code ssh} reports "Connection to ... closed by remote host" on standard error. The command here
 * waits (at most {@value #CLOSE_WAIT_SECONDS} s) for the client to close the channel first.
 */
final class ScriptableExecFactory implements CommandFactory {

    static final int CLOSE_WAIT_SECONDS = 2;

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
        return new ChannelClosedFirst(new ShellCommand(sessions, command), channel);
    }

    /** Waits until {@code channel} is closed, or {@code timeout}. */
    static void awaitClosed(Closeable channel, Duration timeout) {
        if (channel == null || channel.isClosed()) {
            return;
        }
        CountDownLatch closed = new CountDownLatch(1);
        channel.addCloseFutureListener(future -> closed.countDown());
        try {
            closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Karaf's command, whose exit returns only once the client has closed the channel (or after a short wait). */
    static final class ChannelClosedFirst implements Command {
        private final Command command;
        private final ChannelSession channel;

        ChannelClosedFirst(Command command, ChannelSession channel) {
            this.command = command;
            this.channel = channel;
        }

        Command command() {
            return command;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            command.setExitCallback((status, message, immediately) -> {
                callback.onExit(status, message, immediately);
                awaitClosed(channel, Duration.ofSeconds(CLOSE_WAIT_SECONDS));
            });
        }

        @Override
        public void start(ChannelSession session, Environment env) throws IOException {
            command.start(session, env);
        }

        @Override
        public void destroy(ChannelSession session) throws Exception {
            command.destroy(session);
        }

        @Override
        public void setInputStream(InputStream in) {
            command.setInputStream(in);
        }

        @Override
        public void setOutputStream(OutputStream out) {
            command.setOutputStream(out);
        }

        @Override
        public void setErrorStream(OutputStream err) {
            command.setErrorStream(err);
        }
    }

    static boolean isScp(String command) {
        String c = command.stripLeading();
        return c.equals("scp") || c.startsWith("scp ");
    }
}
