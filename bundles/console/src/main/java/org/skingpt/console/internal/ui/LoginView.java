package org.skingpt.console.internal.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import org.skingpt.console.internal.ConsoleBackend;
import org.skingpt.console.internal.i18n.ConsoleI18n;
import org.skingpt.console.internal.i18n.UiLanguage;
import com.vaadin.flow.component.UI;
import java.util.Locale;
import org.skingpt.console.internal.security.AuthenticationResult;
import org.skingpt.console.internal.security.CurrentUser;
import org.skingpt.console.internal.security.JaasAuthenticator;

/** Sign-in against the Karaf JAAS realm. */
@Route(UiConstants.LOGIN_ROUTE)
@StyleSheet(UiConstants.STYLESHEET)
public class LoginView extends Main implements BeforeEnterObserver, HasDynamicTitle {

    private static final long serialVersionUID = 1L;

    private final TextField username = new TextField(Tr.t("ui.login.username"));
    private final PasswordField password = new PasswordField(Tr.t("ui.login.password"));
    private final Button login = new Button(Tr.t("ui.login.signIn"));
    private final Div error = new Div();

    public LoginView() {
        addClassName("sg-login");

        Image logo = new Image(UiConstants.LOGO, "");
        logo.addClassName("sg-login-logo");
        H1 title = new H1("SkinGPT");
        title.addClassName("sg-login-title");
        Paragraph subtitle = new Paragraph(Tr.t("ui.login.subtitle"));
        subtitle.addClassName("sg-login-sub");

        username.setId("username");
        username.setAutocomplete(com.vaadin.flow.component.textfield.Autocomplete.USERNAME);
        username.setAutofocus(true);
        username.setMaxLength(128);
        username.setWidthFull();
        username.setRequiredIndicatorVisible(false);

        password.setId("password");
        password.setAutocomplete(com.vaadin.flow.component.textfield.Autocomplete.CURRENT_PASSWORD);
        password.setMaxLength(256);
        password.setWidthFull();

        login.setId("login");
        login.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        login.setWidthFull();
        login.addClickShortcut(Key.ENTER);
        login.addClickListener(event -> signIn());

        error.setId("login-error");
        error.addClassName("sg-login-error");
        error.getElement().setAttribute("role", "alert");
        error.setVisible(false);

        LanguageMenu language = new LanguageMenu();
        Div form = new Div(logo, title, subtitle, error, username, password, login, language);
        form.addClassName("sg-login-card");

        Div notice = new Div(VaadinIcon.WARNING.create(), new Span(Tr.t(MainLayout.CLINICAL_USE_BANNER)));
        notice.addClassName("sg-login-notice");
        Paragraph privacy = new Paragraph(Tr.t("ui.privacy.onPremises"));
        privacy.addClassName("sg-login-privacy");

        add(form, notice, privacy);
    }

    private void signIn() {
        ConsoleBackend backend = ConsoleBackend.current();
        char[] secret = password.getValue().toCharArray();
        AuthenticationResult result;
        try {
            result = backend.authenticator().authenticate(username.getValue(), secret, CurrentUser.remoteAddress());
        } finally {
            JaasAuthenticator.wipe(secret);
            password.clear();
        }
        if (result.authenticatedUser().isPresent()) {
            CurrentUser.signIn(result.user(), backend.settings().sessionTimeoutSeconds());
            getUI().ifPresent(ui -> keepLanguage(ui, backend, result.user().name()));
            getUI().ifPresent(ui -> ui.navigate(CurrentUser.takeTarget()));
            return;
        }
        error.setText(message(result, backend));
        error.setVisible(true);
        if (result.outcome() == AuthenticationResult.Outcome.BAD_CREDENTIALS) {
            password.focus();
        } else {
            username.focus();
        }
    }

    /**
     * The language this user chose before (on any browser) is used from now on; a user who has not chosen one keeps
     * the language picked on this page, and it becomes their choice.
     */
    private static void keepLanguage(UI ui, ConsoleBackend backend, String user) {
        Locale saved = backend.languagePreferences().get(user).map(tag -> UiLanguage.i18n().supported(tag))
                .orElse(null);
        if (saved != null) {
            UiLanguage.apply(ui, saved);
            UiLanguage.remember(saved);
        } else if (!ConsoleI18n.DEFAULT.equals(ui.getLocale())) {
            try {
                backend.languagePreferences().set(user, ui.getLocale());
            } catch (IllegalArgumentException e) {
                // kept for this browser only
            }
        }
    }

    private static String message(AuthenticationResult result, ConsoleBackend backend) {
        return switch (result.outcome()) {
            case SUCCESS -> "";
            case BAD_CREDENTIALS -> Tr.t("ui.login.badCredentials");
            case NO_ROLE -> Tr.t("ui.login.noRole", String.join(", ", backend.settings().allowedRoles()));
            case UNAVAILABLE -> Tr.t("ui.login.unavailable");
            // The realm's own words on the lock (until when), when it gives them.
            case LOCKED -> result.notice().isEmpty() ? Tr.t("ui.login.locked") : result.notice();
        };
    }

    @Override
    public String getPageTitle() {
        return Tr.t("ui.title.login");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (CurrentUser.get().isPresent()) {
            event.forwardTo(StatusView.class);
        }
    }
}
