package org.skingpt.shell.ssh.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.apache.karaf.shell.ssh.ShellCommand;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.junit.jupiter.api.Test;

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
        assertInstanceOf(ShellCommand.class, installed.createCommand(null, "skingpt:status"));
        assertSame(scp, installed.createCommand(null, "scp -t /tmp"), "SCP still goes to Karaf's factory");

        component.deactivate();
        assertSame(karaf, server.getCommandFactory());
    }

    @Test
    void recognisesScpRequestsOnly() {
        assertTrue(ScriptableExecFactory.isScp("scp -f file"));
        assertTrue(ScriptableExecFactory.isScp("scp"));
        assertFalse(ScriptableExecFactory.isScp("scpx"));
        assertFalse(ScriptableExecFactory.isScp("skingpt:diagnose scp.png"));
    }
}
