package org.skingpt.shell.ssh.internal;

import java.io.InputStream;
import java.io.PrintStream;
import org.apache.karaf.shell.api.console.Registry;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.apache.karaf.shell.api.console.Terminal;

/**
 * The session factory handed to Karaf's {@code ShellCommand} for one SSH exec request. Karaf 4.4.10's
 * {@code ShellCommand} wraps the channel's streams in {@code PrintStream}s without auto-flush and
 * never flushes standard error; when the command ends, Apache SSHD closes (and so flushes) only
 * standard output before it sends the exit status and closes the channel. Whatever the command wrote
 * to standard error was therefore lost. Here both streams flush on every write, so standard error
 * reaches the client and long-running commands (a batch diagnosis) stream their output.
 *
 * <p>A failed command's message (unknown command, exception) goes to standard error as plain text,
 * see {@link ExecSession}.
 */
final class ExecSessionFactory implements SessionFactory {

    private final SessionFactory delegate;

    ExecSessionFactory(SessionFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public Session create(InputStream in, PrintStream out, PrintStream err) {
        PrintStream errors = new PrintStream(new PlainTextOutputStream(err), true);
        return new ExecSession(delegate.create(in, new PrintStream(out, true), new PrintStream(err, true)), errors);
    }

    @Override
    public Session create(InputStream in, PrintStream out, PrintStream err, Terminal term, String encoding,
            Runnable closeCallback) {
        return delegate.create(in, out, err, term, encoding, closeCallback);
    }

    @Override
    public Session create(InputStream in, PrintStream out, PrintStream err, Session session) {
        return delegate.create(in, out, err, session);
    }

    @Override
    public Registry getRegistry() {
        return delegate.getRegistry();
    }
}
