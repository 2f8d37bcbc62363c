package org.skingpt.console.internal;

import com.vaadin.flow.server.VaadinService;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.skingpt.api.runtime.InferenceRuntime;
import org.skingpt.console.internal.security.JaasAuthenticator;
import org.skingpt.console.internal.status.BundleRow;

/**
 * What the console's views need from OSGi. Vaadin creates views itself (not DS), so they reach
 * this through the Vaadin service: {@link #current()}.
 */
public interface ConsoleBackend {

    /** Current, validated settings. */
    ConsoleSettings settings();

    /** The inference engine, if it is registered. */
    Optional<InferenceRuntime> inferenceRuntime();

    /** SkinGPT bundles and their states. */
    List<BundleRow> skingptBundles();

    /** Signs users in. */
    JaasAuthenticator authenticator();

    /** Background timer for view refreshes; tasks must push through {@code UI.access}. */
    ScheduledExecutorService scheduler();

    /** Versions of the platform, for the About page. */
    Versions versions();

    /**
     * The backend of the console that serves the current request (or the current
     * {@code UI.access} task).
     *
     * @throws IllegalStateException outside a console request
     */
    static ConsoleBackend current() {
        VaadinService service = VaadinService.getCurrent();
        if (service instanceof ConsoleServletService console) {
            return console.backend();
        }
        throw new IllegalStateException("Not inside a SkinGPT console request");
    }
}
