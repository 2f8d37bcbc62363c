package org.skingpt.console.internal.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.select.SelectVariant;
import java.util.Locale;
import org.skingpt.console.internal.ConsoleBackend;
import org.skingpt.console.internal.i18n.ConsoleI18n;
import org.skingpt.console.internal.i18n.UiLanguage;
import org.skingpt.console.internal.security.Audit;
import org.skingpt.console.internal.security.CurrentUser;

/**
 * The console's language menu: every language whose locale bundle translates the console. A choice is kept for
 * the signed-in user (and in a cookie for this browser) and the page is shown again in it.
 */
final class LanguageMenu extends Select<Locale> {

    private static final long serialVersionUID = 1L;

    LanguageMenu() {
        ConsoleI18n i18n = UiLanguage.i18n();
        setId("language-select");
        setAriaLabel(Tr.t("ui.language.choose"));
        setTooltipText(Tr.t("ui.language.choose"));
        addThemeVariants(SelectVariant.LUMO_SMALL);
        addClassName("sg-language");
        setItems(i18n.getProvidedLocales());
        setItemLabelGenerator(i18n::languageName);
        Locale current = Tr.locale();
        Locale shown = i18n.supported(current.toLanguageTag());
        setValue(shown == null ? ConsoleI18n.DEFAULT : shown);
        addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                choose(e.getValue());
            }
        });
    }

    private static void choose(Locale locale) {
        UI ui = UI.getCurrent();
        UiLanguage.apply(ui, locale);
        UiLanguage.remember(locale);
        CurrentUser.get().ifPresent(user -> {
            try {
                ConsoleBackend.current().languagePreferences().set(user.name(), locale);
            } catch (IllegalArgumentException e) {
                // kept for this session and browser only
            }
            Audit.languageChosen(user.name(), locale.toLanguageTag(), CurrentUser.remoteAddress());
        });
        // Every text on the page is rebuilt in the new language.
        ui.getPage().reload();
    }
}
