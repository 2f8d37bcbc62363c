package org.skingpt.console.internal;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Meta;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.shared.communication.PushMode;
import com.vaadin.flow.shared.ui.Transport;

/**
 * Page-wide settings. Push by long polling: it runs on the plain Servlet whiteboard, where
 * WebSocket push would need many more bundles.
 */
@Push(value = PushMode.AUTOMATIC, transport = Transport.LONG_POLLING)
@Meta(name = "robots", content = "noindex, nofollow")
@Meta(name = "application-name", content = "SkinGPT")
public class ConsoleAppShell implements AppShellConfigurator {

    private static final long serialVersionUID = 1L;

    @Override
    public void configurePage(AppShellSettings settings) {
        settings.setPageTitle("SkinGPT");
        settings.addFavIcon("icon", "icons/skingpt.svg", "any");
    }
}
