package org.skingpt.shell.ssh.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.command.CommandFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@code bin/client -u USER "command"} scriptable: installs a {@link ScriptableExecFactory} as
 * the command factory of Karaf's SSH server (Karaf registers the server as an {@link SshServer}
 * service; Apache SSHD looks the factory up for every exec request, so a running server picks it
 * up). Stopping this bundle puts Karaf's factory back.
 */
@Component(immediate = true)
public class ScriptableExecComponent {

    private static final Logger LOG = LoggerFactory.getLogger(ScriptableExecComponent.class);

    private final SessionFactory sessions;
    private final Map<SshServer, ScriptableExecFactory> installed = new ConcurrentHashMap<>();

    @Activate
    public ScriptableExecComponent(@Reference SessionFactory sessions) {
        this.sessions = sessions;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addServer(SshServer server) {
        install(server);
    }

    void removeServer(SshServer server) {
        uninstall(server);
    }

    @Deactivate
    void deactivate() {
        installed.keySet().forEach(this::uninstall);
    }

    void install(SshServer server) {
        synchronized (server) {
            CommandFactory current = server.getCommandFactory();
            if (current instanceof ScriptableExecFactory) {
                return;
            }
            ScriptableExecFactory factory = new ScriptableExecFactory(sessions, current);
            server.setCommandFactory(factory);
            installed.put(server, factory);
        }
        // Karaf registers a new SshServer service each time it restarts the server (and leaves the old one
        // registered), so this may run for a stopped server too: harmless.
        LOG.info("SSH exec requests (bin/client with a command) report standard error and failures to the client"
                + " (SSH server {}:{})", server.getHost(), server.getPort());
    }

    void uninstall(SshServer server) {
        ScriptableExecFactory factory = installed.remove(server);
        if (factory == null) {
            return;
        }
        synchronized (server) {
            if (server.getCommandFactory() == factory) {
                server.setCommandFactory(factory.previous());
            }
        }
    }
}
