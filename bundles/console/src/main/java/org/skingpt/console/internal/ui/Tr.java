package org.skingpt.console.internal.ui;

import com.vaadin.flow.component.UI;
import java.util.Locale;
import org.skingpt.console.internal.i18n.ConsoleI18n;
import org.skingpt.console.internal.i18n.UiLanguage;

/** The console's texts in the current page's language (keys {@code ui.*} of the locale bundles). */
final class Tr {

    private Tr() {
    }

    static String t(String key, Object... args) {
        return UiLanguage.i18n().getTranslation(key, locale(), args);
    }

    static Locale locale() {
        UI ui = UI.getCurrent();
        return ui == null ? ConsoleI18n.DEFAULT : ui.getLocale();
    }
}
