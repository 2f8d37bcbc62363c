package org.skingpt.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;

/**
 * The distribution's SSH shell from an SSH client library (Apache MINA SSHD), as an admin's SSH client
 * reaches it: password authentication only (no keys, so each sign-in is exactly one password attempt), and
 * commands on an exec channel.
 */
final class KarafSsh implements AutoCloseable {

    private final SshClient client;
    private final int port;

    KarafSsh(int port) {
        this.port = port;
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setUserAuthFactories(List.of(UserAuthPasswordFactory.INSTANCE));
        client.start();
    }

    /** Whether the server lets this user in with this password (one password attempt). */
    boolean signsIn(String user, String password) throws IOException {
        try (ClientSession session = connect(user, password)) {
            return true;
        } catch (SshException e) {
            return false;
        }
    }

    /** Signs in and runs one shell command; returns its standard output (and error output after it). */
    String run(String user, String password, String command) throws IOException {
        try (ClientSession session = connect(user, password);
                ChannelExec channel = session.createExecChannel(command)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(30, TimeUnit.SECONDS);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TimeUnit.MINUTES.toMillis(2));
            return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        }
    }

    private ClientSession connect(String user, String password) throws IOException {
        ClientSession session = client.connect(user, "127.0.0.1", port).verify(30, TimeUnit.SECONDS).getSession();
        try {
            session.addPasswordIdentity(password);
            session.auth().verify(60, TimeUnit.SECONDS);
            return session;
        } catch (IOException | RuntimeException e) {
            session.close(true);
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        client.stop();
        client.close();
    }
}
