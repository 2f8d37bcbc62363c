package org.skingpt.console.internal.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.skingpt.api.access.ApiScope;
import org.skingpt.api.access.ApiToken;
import org.skingpt.api.access.ApiTokens;
import org.skingpt.api.access.IssuedToken;
import org.skingpt.api.record.RecordUnavailableException;
import org.skingpt.console.internal.ConsoleBackend;
import org.skingpt.console.internal.security.AuthenticatedUser;
import org.skingpt.console.internal.security.CurrentUser;

/**
 * Admins create, list and revoke the API tokens of hospital systems (the same tokens as {@code skingpt:tokens}).
 * A new token's secret is shown once, here, and never again.
 */
@Route(value = "api-tokens", layout = MainLayout.class)
public class ApiTokensView extends Div implements HasDynamicTitle {

    static final String ADMIN_ROLE = "admin";
    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    private final transient ConsoleBackend backend;
    private final Grid<ApiToken> grid = new Grid<>();
    private final TextField name = new TextField(Tr.t("ui.tokens.name"));
    /** Scope combinations a calling system needs (a select: the console embeds no checkbox component). */
    private final Select<Set<ApiScope>> scopes = new Select<>();
    private final IntegerField days = new IntegerField(Tr.t("ui.tokens.days"));
    private final TextField secret = new TextField(Tr.t("ui.tokens.secret"));
    private final Paragraph message = new Paragraph();
    private final Div adminPart;

    public ApiTokensView() {
        this.backend = ConsoleBackend.current();
        addClassName("sg-api-tokens");
        H2 heading = new H2(Tr.t("ui.tokens.heading"));
        heading.addClassName("sg-view-heading");
        Paragraph what = new Paragraph(Tr.t("ui.tokens.what"));
        add(heading, what);
        name.setId("api-token-name");
        name.setPlaceholder("ehr-prod");
        name.setPattern("[A-Za-z0-9._-]{1,64}");
        name.setHelperText(Tr.t("ui.tokens.nameHelp"));
        scopes.setId("api-token-scopes");
        scopes.setLabel(Tr.t("ui.tokens.scopes"));
        Set<ApiScope> consultRead = EnumSet.of(ApiScope.CONSULT, ApiScope.READ);
        scopes.setItems(consultRead, EnumSet.of(ApiScope.READ), EnumSet.of(ApiScope.CONSULT), EnumSet.of(ApiScope.ADMIN),
                EnumSet.allOf(ApiScope.class));
        scopes.setItemLabelGenerator(set -> String.join(" + ", set.stream().sorted().map(ApiScope::id).toList()));
        scopes.setValue(consultRead);
        days.setId("api-token-days");
        days.setMin(1);
        days.setMax(3650);
        days.setValue(90);
        Button create = new Button(Tr.t("ui.tokens.create"), e -> create());
        create.setId("api-token-create");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        secret.setId("api-token-secret");
        secret.setReadOnly(true);
        secret.setVisible(false);
        secret.setWidthFull();
        message.setId("api-tokens-message");
        Div form = new Div(name, scopes, days, create);
        form.addClassName("sg-token-form");

        grid.setId("api-token-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.addColumn(ApiToken::name).setHeader(Tr.t("ui.tokens.col.name")).setAutoWidth(true);
        grid.addColumn(t -> String.join(", ", t.scopes().stream().sorted().map(ApiScope::id).toList()))
                .setHeader(Tr.t("ui.tokens.scopes")).setAutoWidth(true);
        grid.addColumn(t -> state(t, Instant.now())).setHeader(Tr.t("ui.tokens.col.state")).setAutoWidth(true);
        grid.addColumn(t -> SHOWN.format(t.expiresAt())).setHeader(Tr.t("ui.tokens.col.expires")).setAutoWidth(true);
        grid.addColumn(t -> t.lastUsedAt() == null ? Tr.t("ui.tokens.never") : SHOWN.format(t.lastUsedAt())).setHeader(Tr.t("ui.tokens.col.lastUsed"))
                .setAutoWidth(true);
        grid.addColumn(ApiToken::createdBy).setHeader(Tr.t("ui.tokens.col.createdBy")).setAutoWidth(true);
        grid.addComponentColumn(t -> {
            Button revoke = new Button(Tr.t("ui.tokens.revoke"), e -> revoke(t));
            revoke.setId("api-token-revoke-" + t.name());
            revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
            revoke.setEnabled(!t.revoked());
            return revoke;
        }).setHeader("").setAutoWidth(true);
        grid.setAllRowsVisible(true);
        adminPart = new Div(new H3(Tr.t("ui.tokens.new")), form, secret, message, new H3(Tr.t("ui.tokens.list")), grid);
    }

    /** The view may be built before sign-in (the guard runs after it): who it is for is decided here. */
    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        boolean admin = CurrentUser.get().map(u -> u.hasRole(ADMIN_ROLE)).orElse(false);
        if (!admin) {
            adminPart.removeFromParent();
            message.setText(Tr.t("ui.tokens.adminsOnly"));
            add(message);
            return;
        }
        if (adminPart.getParent().isEmpty()) {
            add(adminPart);
        }
        refresh();
    }

    private Optional<ApiTokens> tokens() {
        Optional<ApiTokens> t = backend.apiTokens();
        if (t.isEmpty()) {
            say(Tr.t("ui.tokens.unavailable"));
        }
        return t;
    }

    private void refresh() {
        tokens().ifPresent(t -> {
            try {
                grid.setItems(t.list());
            } catch (RecordUnavailableException e) {
                say(e.getMessage());
            }
        });
    }

    private void create() {
        Optional<ApiTokens> t = tokens();
        Optional<AuthenticatedUser> user = CurrentUser.get();
        if (t.isEmpty() || user.isEmpty()) {
            return;
        }
        Set<ApiScope> chosen = scopes.getValue() == null ? Set.of() : scopes.getValue();
        Integer d = days.getValue();
        if (d == null || d < 1 || d > 3650) {
            say(Tr.t("ui.tokens.badDays"));
            return;
        }
        try {
            IssuedToken issued = t.get().create(name.getValue().strip(), chosen.isEmpty() ? Set.of() : EnumSet.copyOf(chosen),
                    Instant.now().plus(Duration.ofDays(d)), user.get().name());
            secret.setValue(issued.secret());
            secret.setVisible(true);
            say(Tr.t("ui.tokens.created", issued.token().name()));
            name.clear();
            refresh();
        } catch (IllegalArgumentException | RecordUnavailableException e) {
            secret.clear();
            secret.setVisible(false);
            say(Tr.t("ui.tokens.notCreated", e.getMessage()));
        }
    }

    private void revoke(ApiToken token) {
        Optional<ApiTokens> t = tokens();
        Optional<AuthenticatedUser> user = CurrentUser.get();
        if (t.isEmpty() || user.isEmpty()) {
            return;
        }
        try {
            t.get().revoke(token.id(), user.get().name());
            say(Tr.t("ui.tokens.revoked", token.name()));
            refresh();
        } catch (IllegalArgumentException | RecordUnavailableException e) {
            say(e.getMessage());
        }
    }

    private void say(String text) {
        message.setText(text);
    }

    static String state(ApiToken t, Instant now) {
        return t.revoked() ? Tr.t("ui.tokens.state.revoked") : t.expiredAt(now) ? Tr.t("ui.tokens.state.expired")
                : Tr.t("ui.tokens.state.active");
    }

    @Override
    public String getPageTitle() {
        return Tr.t("ui.title.apiTokens");
    }
}
