package org.skingpt.client;

import java.io.ByteArrayInputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.karaf.client.ClientConfig;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.keyboard.UserInteraction;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.RuntimeSshException;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.util.io.output.NoCloseOutputStream;
import org.apache.sshd.core.CoreModuleProperties;
import org.slf4j.impl.SimpleLogger;

/**
 * {@code bin/client} of the SkinGPT distribution. With a command ({@code bin/client -u U "skingpt:status"},
 * {@code -f FILE} or {@code -b}) it runs that command over SSH the way a script needs it: the command's
 * standard output on standard output and its standard error on standard error, no terminal and so no
 * prompt or escape codes, standard input left alone, and the command's exit status as its own (255 when
 * the command could not be run: no connection, authentication refused). Without a command it hands over
 * to Karaf's interactive client. Options, defaults (host and port from
 * {@code etc/org.apache.karaf.shell.cfg}) and their meaning are Karaf's ({@link ClientConfig}).
 *
 * <p>Why not Karaf's client: with a command, Karaf 4.4.10's {@code org.apache.karaf.client.Main} starts
 * a thread that reads standard input and closes the channel when it reaches the end (so that Ctrl-D
 * stops a long command, KARAF-5995). Under cron, in CI, with {@code < /dev/null} or from any program that
 * gives it no terminal, standard input is at its end at once: the channel is closed before the command
 * runs, and the client prints {@code Closed} and nothing else (exit status 1) or, when the close comes
 * before the server's open confirmation, waits for it for ever (1 run in 3 measured with Karaf 4.4.10's
 * own distribution). It also writes the command's standard error to standard output.
 */
public final class Main {

    /** Exit status when the command could not be run at all, as OpenSSH's {@code ssh} has it. */
    public static final int CLIENT_FAILURE = 255;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        ClientConfig config = new ClientConfig(args);
        if (!runsACommand(config)) {
            org.apache.karaf.client.Main.main(args);
            return;
        }
        SimpleLogger.setLevel(config.getLevel());
        Thread.setDefaultUncaughtExceptionHandler(TEARDOWN);
        System.exit(run(config, System.in, System.out, System.err, System.console()));
    }

    /**
     * Reports what fails in the client's threads, except once the command has ended: then it is the
     * SSH library's teardown, which cannot change what the command printed or its status. On closing,
     * the JDK's channel thread may still hand a last read to the library's executor, already shut down
     * ("Executor has been shut down", apache/mina-sshd#409); the JVM printed "Exception in thread
     * "Thread-0"" on standard error, cut off by the exit, and a script that checks standard error failed.
     */
    static final TeardownQuiet TEARDOWN = new TeardownQuiet(System.err);

    static final class TeardownQuiet implements Thread.UncaughtExceptionHandler {
        private final PrintStream err;
        private volatile boolean commandEnded;

        TeardownQuiet(PrintStream err) {
            this.err = err;
        }

        void commandEnded() {
            commandEnded = true;
        }

        @Override
        public void uncaughtException(Thread thread, Throwable e) {
            if (commandEnded) {
                return;
            }
            synchronized (err) {
                err.print("client: unexpected failure in thread \"" + thread.getName() + "\": ");
                e.printStackTrace(err);
            }
        }
    }

    static boolean runsACommand(ClientConfig config) {
        return config.getFile() != null || config.isBatch() || !config.getCommand().isBlank();
    }

    /**
     * Runs the configured command and returns the exit status for the process.
     *
     * @param console the terminal to ask for a password or key passphrase on, or {@code null} (never ask)
     */
    static int run(ClientConfig config, InputStream stdin, PrintStream out, PrintStream err, Console console) {
        return run(config, stdin, out, err, console, TEARDOWN);
    }

    /** As above; {@code teardown} is told when the command has ended, before the connection is closed. */
    static int run(ClientConfig config, InputStream stdin, PrintStream out, PrintStream err, Console console,
            TeardownQuiet teardown) {
        String command;
        try {
            command = config.getFile() != null ? Files.readString(Path.of(config.getFile()), Charset.defaultCharset())
                    : config.isBatch() ? new String(stdin.readAllBytes(), Charset.defaultCharset())
                    : config.getCommand().strip();
        } catch (IOException e) {
            err.println("client: cannot read the commands: " + e.getMessage());
            return CLIENT_FAILURE;
        }
        try (SshClient client = ClientBuilder.builder().build()) {
            if (console != null) {
                client.setUserInteraction(new TerminalInteraction(console));
            }
            CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, Duration.ofMinutes(1));
            CoreModuleProperties.IDLE_TIMEOUT.set(client, Duration.ofMillis(config.getIdleTimeout()));
            CoreModuleProperties.NIO2_READ_TIMEOUT.set(client, Duration.ofMillis(config.getIdleTimeout()));
            client.start();
            try {
                return connectAndExec(client, config, command, out, err, console, teardown);
            } finally {
                // Before the client closes, whatever the outcome: what it prints from here on is not the command's.
                out.flush();
                err.flush();
                teardown.commandEnded();
            }
        } catch (Exception e) {
            err.println("client: " + message(e));
            return CLIENT_FAILURE;
        }
    }

    private static int connectAndExec(SshClient client, ClientConfig config, String command, PrintStream out,
            PrintStream err, Console console, TeardownQuiet teardown) throws Exception {
        ClientSession session;
        try {
            session = connect(client, config, err);
        } catch (Exception e) {
            err.println("client: cannot connect to " + config.getHost() + ":" + config.getPort() + ": " + message(e));
            return CLIENT_FAILURE;
        }
        try (session) {
            if (config.getKeyFile() != null) {
                for (KeyPair key : keys(config.getKeyFile(), console)) {
                    session.addPublicKeyIdentity(key);
                }
            }
            if (config.getPassword() != null) {
                session.addPasswordIdentity(config.getPassword());
            }
            try {
                session.auth().verify();
            } catch (Exception e) {
                err.println("client: " + config.getUser() + " could not log in: " + message(e));
                return CLIENT_FAILURE;
            }
            int status = exec(session, command, out, err);
            // The command has ended and its output is out: closing the session is teardown.
            teardown.commandEnded();
            return status;
        }
    }

    private static int exec(ClientSession session, String command, PrintStream out, PrintStream err) throws IOException {
        try (ChannelExec channel = session.createExecChannel(command)) {
            // The command gets an empty standard input, as with Karaf's client; ours is never read.
            channel.setIn(new ByteArrayInputStream(new byte[0]));
            channel.setOut(new NoCloseOutputStream(out));
            channel.setErr(new NoCloseOutputStream(err));
            channel.open().verify();
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), 0L);
            out.flush();
            err.flush();
            Integer status = channel.getExitStatus();
            if (status == null) {
                err.println("client: the server closed the session before the command ended");
                return CLIENT_FAILURE;
            }
            return status;
        }
    }

    private static ClientSession connect(SshClient client, ClientConfig config, PrintStream err) throws Exception {
        int retries = 0;
        while (true) {
            ConnectFuture future = client.connect(config.getUser(), config.getHost(), config.getPort());
            future.await();
            try {
                return future.getSession();
            } catch (RuntimeSshException e) {
                if (retries++ >= config.getRetryAttempts()) {
                    throw e;
                }
                err.println("client: retrying (attempt " + retries + ") ...");
                Thread.sleep(config.getRetryDelay() * 1000L);
            }
        }
    }

    private static Iterable<KeyPair> keys(String keyFile, Console console) throws IOException {
        FileKeyPairProvider provider = new FileKeyPairProvider(Path.of(keyFile));
        if (console != null) {
            provider.setPasswordFinder((session, resource, retry) ->
                    new String(console.readPassword("Passphrase for %s: ", resource)));
        }
        try {
            List<KeyPair> keys = new ArrayList<>();
            provider.loadKeys(null).forEach(keys::add);
            if (keys.isEmpty()) {
                throw new IOException("no key in " + keyFile);
            }
            return keys;
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot read the key file " + keyFile + ": " + message(e), e);
        }
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /** Asks for a password on the terminal when the server wants one (keyboard-interactive, password). */
    private static final class TerminalInteraction implements UserInteraction {
        private final Console console;

        TerminalInteraction(Console console) {
            this.console = console;
        }

        @Override
        public boolean isInteractionAllowed(ClientSession session) {
            return true;
        }

        @Override
        public String[] interactive(ClientSession session, String name, String instruction, String lang,
                String[] prompt, boolean[] echo) {
            String[] answers = new String[prompt.length];
            for (int i = 0; i < prompt.length; i++) {
                answers[i] = echo[i] ? console.readLine("%s ", prompt[i]) : readPassword(prompt[i]);
                if (answers[i] == null) {
                    return null;
                }
            }
            return answers;
        }

        @Override
        public String getUpdatedPassword(ClientSession session, String prompt, String lang) {
            return null;
        }

        private String readPassword(String prompt) {
            char[] password = console.readPassword("%s ", prompt);
            return password == null ? null : new String(password);
        }
    }
}
