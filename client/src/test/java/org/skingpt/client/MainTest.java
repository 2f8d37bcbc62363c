package org.skingpt.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.client.ClientConfig;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/client against an in-process SSH server whose commands write to both streams and exit with a status. */
class MainTest {

    @TempDir
    Path temp;

    private SshServer server;
    private KeyPair userKey;
    private final List<String> commands = new ArrayList<>();

    /** "STATUS n": "out n" on standard output, "err n" on standard error, exit status n. */
    private final class Scripted implements Command {
        private final String command;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        Scripted(String command) {
            this.command = command;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            commands.add(command);
            new Thread(() -> {
                int status = Integer.parseInt(command.replace("STATUS", "").strip());
                try {
                    out.write(("out " + status + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    err.write(("err " + status + "\n").getBytes(StandardCharsets.UTF_8));
                    err.flush();
                } catch (IOException e) {
                    status = 99;
                }
                exit.onExit(status);
            }).start();
        }

        @Override
        public void destroy(ChannelSession channel) {
        }

        @Override
        public void setInputStream(InputStream in) {
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }
    }

    @BeforeEach
    void startServer() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        userKey = ec.generateKeyPair();
        PublicKey allowed = userKey.getPublic();
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(ec.generateKeyPair()));
        server.setPasswordAuthenticator((user, password, session) -> user.equals("admin") && password.equals("secret-pass"));
        server.setPublickeyAuthenticator((user, key, session) -> user.equals("deploy") && KeyUtils.compareKeys(allowed, key));
        server.setCommandFactory((channel, command) -> new Scripted(command));
        server.start();

        Path etc = Files.createDirectories(temp.resolve("etc"));
        for (String f : List.of("config.properties", "system.properties", "users.properties")) {
            Files.writeString(etc.resolve(f), "");
        }
        Files.writeString(etc.resolve("org.apache.karaf.shell.cfg"), "sshHost = 127.0.0.1\nsshPort = " + server.getPort() + "\n");
        System.setProperty("karaf.etc", etc.toString());
    }

    @AfterEach
    void stopServer() throws IOException {
        server.stop(true);
    }

    private record Result(int status, String out, String err) {
    }

    private Result client(InputStream stdin, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new ClientConfig(args), stdin, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), null);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Standard input at its end, as under cron or with {@code < /dev/null}; reading it would be a mistake. */
    private static InputStream endedStdin() {
        return new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("standard input read");
            }
        };
    }

    @Test
    void printsTheCommandsStreamsApartAndExitsWithItsStatus() throws Exception {
        Result ok = client(endedStdin(), "-u", "admin", "-p", "secret-pass", "STATUS 0");
        assertEquals(new Result(0, "out 0\n", "err 0\n"), ok);
        Result failed = client(endedStdin(), "-u", "admin", "-p", "secret-pass", "STATUS", "3");
        assertEquals(new Result(3, "out 3\n", "err 3\n"), failed);
        assertEquals(List.of("STATUS 0", "STATUS 3"), commands, "arguments are joined into one command");
    }

    @Test
    void logsInWithAKeyFile() throws Exception {
        Path key = temp.resolve("id_ecdsa");
        try (OutputStream out = Files.newOutputStream(key)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(userKey, "deploy@test", null, out);
        }
        assertEquals(new Result(0, "out 0\n", "err 0\n"), client(endedStdin(), "-u", "deploy", "-k", key.toString(), "STATUS 0"));
    }

    @Test
    void aRefusedLoginIsAClientFailure() throws Exception {
        Result r = client(endedStdin(), "-u", "admin", "-p", "wrong-pass", "STATUS 0");
        assertEquals(Main.CLIENT_FAILURE, r.status());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("client: admin could not log in: "), r.err());
        assertTrue(commands.isEmpty());
    }

    @Test
    void noServerIsAClientFailure() throws Exception {
        int port = server.getPort();
        server.stop(true);
        Result r = client(endedStdin(), "-u", "admin", "-p", "secret-pass", "-a", String.valueOf(port), "STATUS 0");
        assertEquals(Main.CLIENT_FAILURE, r.status());
        assertTrue(r.err().startsWith("client: cannot connect to 127.0.0.1:" + port), r.err());
    }

    @Test
    void batchModeReadsTheCommandsFromStandardInput() throws Exception {
        Result r = client(new java.io.ByteArrayInputStream("STATUS 2\n".getBytes(StandardCharsets.UTF_8)),
                "-u", "admin", "-p", "secret-pass", "-b");
        assertEquals(new Result(2, "out 2\n", "err 2\n"), r);
    }

    @Test
    void withoutACommandKarafsInteractiveClientRuns() throws Exception {
        assertTrue(!Main.runsACommand(new ClientConfig(new String[] {"-u", "admin"})));
        assertTrue(Main.runsACommand(new ClientConfig(new String[] {"-u", "admin", "shell:info"})));
    }

    @Test
    void aFailureInTheClientsThreadsIsReportedWhileTheCommandRunsButNotInTheTeardownAfterIt() throws Exception {
        ByteArrayOutputStream reported = new ByteArrayOutputStream();
        Main.TeardownQuiet teardown = new Main.TeardownQuiet(new PrintStream(reported, true, StandardCharsets.UTF_8));
        throwIn(teardown, "sshd-worker", new IllegalStateException("broken while connecting"));
        assertTrue(reported.toString(StandardCharsets.UTF_8).startsWith(
                "client: unexpected failure in thread \"sshd-worker\": java.lang.IllegalStateException: broken while connecting\n\tat "),
                reported.toString(StandardCharsets.UTF_8));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new ClientConfig(new String[] {"-u", "admin", "-p", "secret-pass", "STATUS 0"}), endedStdin(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), null,
                teardown);
        assertEquals(new Result(0, "out 0\n", "err 0\n"),
                new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)));
        // What the JDK's channel thread throws when the SSH library's executor is already shut down (mina-sshd#409).
        reported.reset();
        throwIn(teardown, "Thread-0", new IllegalStateException("Executor has been shut down"));
        assertEquals("", reported.toString(StandardCharsets.UTF_8));
    }

    private static void throwIn(Thread.UncaughtExceptionHandler handler, String threadName, RuntimeException failure)
            throws InterruptedException {
        Thread thread = new Thread(() -> {
            throw failure;
        }, threadName);
        thread.setUncaughtExceptionHandler(handler);
        thread.start();
        thread.join();
    }
}
