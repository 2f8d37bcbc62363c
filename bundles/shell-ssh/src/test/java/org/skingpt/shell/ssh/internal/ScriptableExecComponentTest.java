package org.skingpt.shell.ssh.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.apache.karaf.shell.ssh.ShellCommand;
import org.apache.sshd.common.Closeable;
import org.apache.sshd.common.future.CloseFuture;
import org.apache.sshd.common.future.SshFutureListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class ScriptableExecComponentTest {

    private static final SessionFactory SESSIONS = (SessionFactory) Proxy.newProxyInstance(
            SessionFactory.class.getClassLoader(), new Class<?>[] {SessionFactory.class}, (p, m, a) -> null);

    @Test
    void installsOnTheServerAndPutsKarafsFactoryBack() throws Exception {
        SshServer server = SshServer.setUpDefaultServer();
        Command scp = (Command) Proxy.newProxyInstance(Command.class.getClassLoader(), new Class<?>[] {Command.class},
                (p, m, a) -> null);
        CommandFactory karaf = (channel, command) -> scp;
        server.setCommandFactory(karaf);

        ScriptableExecComponent component = new ScriptableExecComponent(SESSIONS);
        component.addServer(server);
        component.addServer(server);
        ScriptableExecFactory installed = assertInstanceOf(ScriptableExecFactory.class, server.getCommandFactory());
        assertSame(karaf, installed.previous(), "installed once, over Karaf's");
        ScriptableExecFactory.ChannelClosedFirst shell = assertInstanceOf(ScriptableExecFactory.ChannelClosedFirst.class,
                installed.createCommand(null, "skingpt:status"));
        assertInstanceOf(ShellCommand.class, shell.command());
        assertSame(scp, installed.createCommand(null, "scp -t /tmp"), "SCP still goes to Karaf's factory");

        component.deactivate();
        assertSame(karaf, server.getCommandFactory());
    }

    @Test
    void theExitWaitsForTheClientToCloseTheChannel() throws Exception {
        List<SshFutureListener<CloseFuture>> listeners = new ArrayList<>();
        Closeable channel = (Closeable) Proxy.newProxyInstance(Closeable.class.getClassLoader(),
                new Class<?>[] {Closeable.class}, (p, m, a) -> switch (m.getName()) {
                    case "isClosed" -> false;
                    case "addCloseFutureListener" -> {
                        listeners.add((SshFutureListener<CloseFuture>) a[0]);
                        yield null;
                    }
                    default -> null;
                });
        long started = System.nanoTime();
        new Thread(() -> {
            sleep(300);
            listeners.forEach(l -> l.operationComplete(null));
        }).start();
        ScriptableExecFactory.awaitClosed(channel, Duration.ofSeconds(10));
        long waited = (System.nanoTime() - started) / 1_000_000;
        assertTrue(waited >= 250 && waited < 5_000, waited + " ms");

        started = System.nanoTime();
        ScriptableExecFactory.awaitClosed(channel, Duration.ofMillis(200));
        assertTrue((System.nanoTime() - started) / 1_000_000 < 2_000, "no close: gives up after the timeout");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void recognisesScpRequestsOnly() {
        assertTrue(ScriptableExecFactory.isScp("scp -f file"));
        assertTrue(ScriptableExecFactory.isScp("scp"));
        assertFalse(ScriptableExecFactory.isScp("scpx"));
        assertFalse(ScriptableExecFactory.isScp("skingpt:diagnose scp.png"));
    }
}
