package org.skingpt.shell.ssh.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.karaf.shell.api.console.History;
import org.apache.karaf.shell.api.console.Registry;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.apache.karaf.shell.api.console.Terminal;

/**
 * The session Karaf's {@code ShellCommand} runs an SSH exec request in. It is the real headless
 * session in every respect but one: its console is the channel's standard error, as plain text.
 *
 * <p>Karaf's {@code ShellCommand} uses the console of the session it created only to report a
 * failure ({@code ShellUtil.logException}: "Command not found: ...", "Error executing command: ...",
 * in ANSI red). The commands themselves never see this object: they print through the thread's
 * {@code System.out} and get the inner session from the command registry, so their output stays on
 * standard output.
 */
final class ExecSession implements Session {

    private final Session delegate;
    private final PrintStream errors;

    ExecSession(Session delegate, PrintStream errors) {
        this.delegate = delegate;
        this.errors = errors;
    }

    @Override
    public PrintStream getConsole() {
        return errors;
    }

    @Override
    public Object execute(CharSequence commandline) throws Exception {
        return delegate.execute(commandline);
    }

    @Override
    public Object get(String name) {
        return delegate.get(name);
    }

    @Override
    public void put(String name, Object value) {
        delegate.put(name, value);
    }

    @Override
    public InputStream getKeyboard() {
        return delegate.getKeyboard();
    }

    @Override
    public String readLine(String prompt, Character mask) throws IOException {
        return delegate.readLine(prompt, mask);
    }

    @Override
    public Terminal getTerminal() {
        return delegate.getTerminal();
    }

    @Override
    public History getHistory() {
        return delegate.getHistory();
    }

    @Override
    public Registry getRegistry() {
        return delegate.getRegistry();
    }

    @Override
    public SessionFactory getFactory() {
        return delegate.getFactory();
    }

    @Override
    public String resolveCommand(String name) {
        return delegate.resolveCommand(name);
    }

    @Override
    public Path currentDir() {
        return delegate.currentDir();
    }

    @Override
    public void currentDir(Path path) {
        delegate.currentDir(path);
    }

    @Override
    public void run() {
        delegate.run();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
