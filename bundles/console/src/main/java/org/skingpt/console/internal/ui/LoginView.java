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
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import org.skingpt.console.internal.ConsoleBackend;
import org.skingpt.console.internal.security.AuthenticationResult;
import org.skingpt.console.internal.security.CurrentUser;
import org.skingpt.console.internal.security.JaasAuthenticator;

/** Sign-in against the Karaf JAAS realm. */
@Route(UiConstants.LOGIN_ROUTE)
@PageTitle("Sign in \u00b7 SkinGPT")
@StyleSheet(UiConstants.STYLESHEET)
public class LoginView extends Main implements BeforeEnterObserver {

    private static final long serialVersionUID = 1L;

    private final TextField username = new TextField("User name");
    private final PasswordField password = new PasswordField("Password");
    private final Button login = new Button("Sign in");
    private final Div error = new Div();

    public LoginView() {
        addClassName("sg-login");

        Image logo = new Image(UiConstants.LOGO, "");
        logo.addClassName("sg-login-logo");
        H1 title = new H1("SkinGPT");
        title.addClassName("sg-login-title");
        Paragraph subtitle = new Paragraph("Sign in to the dermatology assistant");
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

        Div form = new Div(logo, title, subtitle, error, username, password, login);
        form.addClassName("sg-login-card");

        Div notice = new Div(VaadinIcon.WARNING.create(), new Span(MainLayout.CLINICAL_USE_BANNER));
        notice.addClassName("sg-login-notice");
        Paragraph privacy = new Paragraph("Runs on-premises. No data leaves this machine.");
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
            getUI().ifPresent(ui -> ui.navigate(CurrentUser.takeTarget()));
            return;
        }
        error.setText(result.message(backend.settings().allowedRoles()));
        error.setVisible(true);
        if (result.outcome() == AuthenticationResult.Outcome.BAD_CREDENTIALS) {
            password.focus();
        } else {
            username.focus();
        }
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (CurrentUser.get().isPresent()) {
            event.forwardTo(StatusView.class);
        }
    }
}
