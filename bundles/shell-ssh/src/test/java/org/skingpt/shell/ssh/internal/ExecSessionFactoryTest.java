package org.skingpt.shell.ssh.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.jupiter.api.Test;

class ExecSessionFactoryTest {

    /** Like SSHD's ChannelOutputStream: bytes are buffered and sent to the client only on flush. */
    static final class Channel extends OutputStream {
        final ByteArrayOutputStream buffered = new ByteArrayOutputStream();
        final ByteArrayOutputStream sent = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            buffered.write(b);
        }

        @Override
        public void flush() throws IOException {
            buffered.writeTo(sent);
            buffered.reset();
        }

        String sent() {
            return sent.toString(StandardCharsets.UTF_8);
        }
    }

    /** A headless session factory that records the streams it was given, as Karaf's does. */
    static final class Recording {
        final List<PrintStream> streams = new ArrayList<>();
        final Session session = (Session) Proxy.newProxyInstance(Session.class.getClassLoader(),
                new Class<?>[] {Session.class}, (p, m, a) -> m.getName().equals("get") ? "delegate" : null);
        final SessionFactory factory = (SessionFactory) Proxy.newProxyInstance(SessionFactory.class.getClassLoader(),
                new Class<?>[] {SessionFactory.class}, (p, m, a) -> {
                    streams.add((PrintStream) a[1]);
                    streams.add((PrintStream) a[2]);
                    return session;
                });
    }

    /** How gogo writes a command's System.err: through a byte channel over the session's stream. */
    private static void gogoWrites(PrintStream stream, String text) throws IOException {
        Channels.newChannel(stream).write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void withKarafsStreamsStandardErrorStaysInTheBuffer() throws IOException {
        // The defect: ShellCommand's PrintStream(err) without auto-flush, and no flush through gogo's channel.
        Channel err = new Channel();
        Recording karaf = new Recording();
        karaf.factory.create(new ByteArrayInputStream(new byte[0]), new PrintStream(new Channel()), new PrintStream(err));
        gogoWrites(karaf.streams.get(1), "No model x@1 is installed\n");
        assertEquals("", err.sent());
    }

    @Test
    void standardOutputAndErrorReachTheClientOnEveryWrite() throws IOException {
        Channel out = new Channel();
        Channel err = new Channel();
        Recording karaf = new Recording();
        new ExecSessionFactory(karaf.factory).create(new ByteArrayInputStream(new byte[0]), new PrintStream(out),
                new PrintStream(err));
        gogoWrites(karaf.streams.get(0), "Q1: ");
        gogoWrites(karaf.streams.get(1), "No model x@1 is installed\n");
        assertEquals("Q1: ", out.sent());
        assertEquals("No model x@1 is installed\n", err.sent());
    }

    @Test
    void aFailureIsReportedOnStandardErrorAsPlainText() {
        Channel out = new Channel();
        Channel err = new Channel();
        Recording karaf = new Recording();
        Session session = new ExecSessionFactory(karaf.factory).create(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out), new PrintStream(err));
        // ShellUtil.logException prints on the session's console, then flushes.
        session.getConsole().println("\u001b[31mError executing command: \u001b[0m\u001b[31;1mrefused\u001b[0m");
        assertEquals("Error executing command: refused" + System.lineSeparator(), err.sent());
        assertEquals("", out.sent());
        assertEquals("delegate", session.get("anything"), "everything else is the real session's");
    }

    @Test
    void interactiveSessionsAreTheDelegatesOwn() {
        Recording karaf = new Recording();
        Session s = new ExecSessionFactory(karaf.factory).create(null, null, null, (Session) null);
        assertSame(karaf.session, s);
    }
}
