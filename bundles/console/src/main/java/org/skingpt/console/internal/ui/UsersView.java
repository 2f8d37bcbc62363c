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
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.skingpt.api.access.UserAccount;
import org.skingpt.api.access.UserAccounts;
import org.skingpt.console.internal.ConsoleBackend;
import org.skingpt.console.internal.admin.AdminServices;
import org.skingpt.console.internal.security.AuthenticatedUser;
import org.skingpt.console.internal.security.CurrentUser;

/**
 * Admins list the sign-in accounts with their groups, roles and lock state, create accounts, change their group,
 * reset passwords, lift lockouts and delete accounts ({@code skingpt:users}, {@code skingpt:unlock} and Karaf's
 * {@code jaas:*} in the shell). The rules (names, password policy, no admin removing their own admin role or
 * account) are the accounts bundle's; this page shows its messages.
 *
 * <p>Every action checks again that the signed-in user is an admin (the controls are only shown to admins).
 */
@Route(value = "users", layout = MainLayout.class)
public class UsersView extends Div implements HasDynamicTitle {

    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    private final transient ConsoleBackend backend;
    private final Grid<UserAccount> grid = new Grid<>();
    private final TextField name = new TextField(Tr.t("ui.users.name"));
    private final PasswordField password = new PasswordField(Tr.t("ui.users.password"));
    private final Select<String> group = new Select<>();
    private final Span editing = new Span();
    private final Select<String> editGroup = new Select<>();
    private final PasswordField newPassword = new PasswordField(Tr.t("ui.users.newPassword"));
    private final Div editPart = new Div();
    private final Paragraph message = new Paragraph();
    private final Confirmation confirmation = new Confirmation("users");
    private final Div adminPart;
    private transient Map<String, Set<String>> groups = Map.of();

    public UsersView() {
        this.backend = ConsoleBackend.current();
        addClassName("sg-users");
        H2 heading = new H2(Tr.t("ui.users.heading"));
        heading.addClassName("sg-view-heading");
        add(heading, new Paragraph(Tr.t("ui.users.what")));
        message.setId("users-message");
        message.getElement().setAttribute("role", "status");
        message.setVisible(false);

        grid.setId("users-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.addColumn(UserAccount::name).setHeader(Tr.t("ui.users.col.name")).setAutoWidth(true);
        grid.addColumn(a -> String.join(", ", a.groups().stream().sorted().toList())).setHeader(Tr.t("ui.users.col.groups"))
                .setAutoWidth(true);
        grid.addColumn(a -> String.join(", ", a.roles().stream().sorted().toList())).setHeader(Tr.t("ui.users.col.roles"))
                .setFlexGrow(1);
        grid.addComponentColumn(a -> {
            Span state = new Span(signIn(a));
            state.setId("user-state-" + a.name());
            state.getElement().setAttribute("data-locked", String.valueOf(a.locked()));
            return state;
        }).setHeader(Tr.t("ui.users.col.signIn")).setAutoWidth(true);
        grid.addComponentColumn(this::actions).setHeader(Tr.t("ui.admin.col.actions")).setAutoWidth(true);
        grid.setAllRowsVisible(true);

        name.setId("user-name");
        name.setPattern("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
        name.setHelperText(Tr.t("ui.users.nameHelp"));
        password.setId("user-password");
        group.setId("user-group");
        group.setLabel(Tr.t("ui.users.group"));
        group.setItemLabelGenerator(this::groupLabel);
        Button create = new Button(Tr.t("ui.users.create"), e -> create());
        create.setId("user-create");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Div form = new Div(name, password, group, create);
        form.addClassName("sg-token-form");

        editing.setId("user-editing");
        editGroup.setId("user-edit-group");
        editGroup.setLabel(Tr.t("ui.users.group"));
        editGroup.setItemLabelGenerator(this::groupLabel);
        Button saveGroup = new Button(Tr.t("ui.users.saveGroup"), e -> saveGroup());
        saveGroup.setId("user-save-group");
        newPassword.setId("user-new-password");
        Button reset = new Button(Tr.t("ui.users.resetPassword"), e -> resetPassword());
        reset.setId("user-reset-password");
        Button done = new Button(Tr.t("ui.users.doneEditing"), e -> editPart.setVisible(false));
        done.setId("user-edit-done");
        Div groupForm = new Div(editGroup, saveGroup);
        groupForm.addClassName("sg-token-form");
        Div passwordForm = new Div(newPassword, reset);
        passwordForm.addClassName("sg-token-form");
        editPart.setId("user-edit");
        editPart.add(new H3(Tr.t("ui.users.edit")), editing, groupForm, passwordForm, done);
        editPart.setVisible(false);

        adminPart = new Div(message, confirmation, new H3(Tr.t("ui.users.list")), grid, editPart,
                new H3(Tr.t("ui.users.new")), form);
    }

    private Div actions(UserAccount a) {
        Div actions = new Div();
        actions.addClassName("sg-row-actions");
        Button edit = new Button(Tr.t("ui.users.editButton"), e -> edit(a));
        edit.setId("user-edit-" + a.name());
        edit.addThemeVariants(ButtonVariant.LUMO_SMALL);
        edit.getElement().setAttribute("aria-label", Tr.t("ui.users.editButton") + " " + a.name());
        actions.add(edit);
        if (a.locked() || a.recentFailures() > 0) {
            Button unlock = new Button(Tr.t("ui.users.unlock"), e -> unlock(a));
            unlock.setId("user-unlock-" + a.name());
            unlock.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_PRIMARY);
            unlock.getElement().setAttribute("aria-label", Tr.t("ui.users.unlock") + " " + a.name());
            actions.add(unlock);
        }
        Button delete = new Button(Tr.t("ui.users.delete"), e -> confirmation.ask(Tr.t("ui.users.deleteConfirm", a.name()),
                Tr.t("ui.users.delete"), () -> delete(a)));
        delete.setId("user-delete-" + a.name());
        delete.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
        delete.getElement().setAttribute("aria-label", Tr.t("ui.users.delete") + " " + a.name());
        actions.add(delete);
        return actions;
    }

    private String signIn(UserAccount a) {
        if (a.locked()) {
            return Tr.t("ui.users.locked", SHOWN.format(a.lockedUntil()), a.recentFailures());
        }
        return a.recentFailures() > 0 ? Tr.t("ui.users.failures", a.recentFailures()) : Tr.t("ui.users.ok");
    }

    private String groupLabel(String g) {
        Set<String> roles = groups.getOrDefault(g, Set.of());
        return g + " (" + String.join(", ", roles.stream().sorted().toList()) + ")";
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        if (!CurrentUser.get().map(Roles::isAdmin).orElse(false)) {
            adminPart.removeFromParent();
            say("info", Tr.t("ui.users.adminsOnly"));
            add(message);
            return;
        }
        if (adminPart.getParent().isEmpty()) {
            add(adminPart);
        }
        accounts().ifPresent(a -> password.setHelperText(Tr.t("ui.users.passwordHelp", minimum(a.passwordPolicy()))));
        refresh();
    }

    /** The policy's minimum length, shown in the page's language (the policy text itself is the bundle's English). */
    private static String minimum(String policy) {
        return policy.replaceAll("^\\D*(\\d+).*$", "$1");
    }

    private Optional<UserAccounts> accounts() {
        Optional<UserAccounts> a = backend.admin().flatMap(AdminServices::users);
        if (a.isEmpty()) {
            say("error", Tr.t("ui.users.unavailable"));
        }
        return a;
    }

    private void refresh() {
        accounts().ifPresent(a -> {
            try {
                groups = a.groups();
                List<String> names = List.copyOf(groups.keySet());
                group.setItems(names);
                editGroup.setItems(names);
                if (group.getValue() == null && groups.containsKey("cliniciangroup")) {
                    group.setValue("cliniciangroup");
                }
                grid.setItems(a.list());
            } catch (IllegalStateException e) {
                say("error", e.getMessage());
            }
        });
    }

    private void create() {
        Optional<UserAccounts> a = accounts();
        Optional<AuthenticatedUser> me = CurrentUser.get().filter(Roles::isAdmin);
        if (a.isEmpty() || me.isEmpty()) {
            return;
        }
        String n = name.getValue() == null ? "" : name.getValue().strip();
        char[] p = password.getValue() == null ? new char[0] : password.getValue().toCharArray();
        try {
            a.get().create(n, p, group.getValue() == null ? Set.of() : Set.of(group.getValue()), me.get().name());
            say("info", Tr.t("ui.users.created", n));
            name.clear();
            password.clear();
            refresh();
        } catch (IllegalArgumentException | IllegalStateException e) {
            // The name stays in the form for correction; the password field is cleared.
            password.clear();
            say("error", Tr.t("ui.users.refused", e.getMessage()));
        } finally {
            Arrays.fill(p, '\0');
        }
    }

    private void edit(UserAccount a) {
        editing.setText(a.name());
        editing.getElement().setAttribute("data-user", a.name());
        editGroup.setValue(a.groups().stream().sorted().findFirst().orElse(null));
        newPassword.clear();
        editPart.setVisible(true);
        editGroup.focus();
    }

    private String editedUser() {
        return editing.getElement().getAttribute("data-user");
    }

    private void saveGroup() {
        Optional<UserAccounts> a = accounts();
        Optional<AuthenticatedUser> me = CurrentUser.get().filter(Roles::isAdmin);
        String user = editedUser();
        if (a.isEmpty() || me.isEmpty() || user == null) {
            return;
        }
        try {
            a.get().setGroups(user, editGroup.getValue() == null ? Set.of() : Set.of(editGroup.getValue()), me.get().name());
            say("info", Tr.t("ui.users.groupSaved", user, editGroup.getValue()));
            refresh();
        } catch (IllegalArgumentException | IllegalStateException e) {
            say("error", Tr.t("ui.users.refused", e.getMessage()));
        }
    }

    private void resetPassword() {
        Optional<UserAccounts> a = accounts();
        Optional<AuthenticatedUser> me = CurrentUser.get().filter(Roles::isAdmin);
        String user = editedUser();
        if (a.isEmpty() || me.isEmpty() || user == null) {
            return;
        }
        char[] p = newPassword.getValue() == null ? new char[0] : newPassword.getValue().toCharArray();
        try {
            a.get().resetPassword(user, p, me.get().name());
            say("info", Tr.t("ui.users.passwordReset", user));
        } catch (IllegalArgumentException | IllegalStateException e) {
            say("error", Tr.t("ui.users.refused", e.getMessage()));
        } finally {
            newPassword.clear();
            Arrays.fill(p, '\0');
        }
    }

    private void unlock(UserAccount account) {
        Optional<UserAccounts> a = accounts();
        Optional<AuthenticatedUser> me = CurrentUser.get().filter(Roles::isAdmin);
        if (a.isEmpty() || me.isEmpty()) {
            return;
        }
        boolean wasLocked = a.get().unlock(account.name(), me.get().name());
        say("info", wasLocked ? Tr.t("ui.users.unlocked", account.name()) : Tr.t("ui.users.cleared", account.name()));
        refresh();
    }

    private void delete(UserAccount account) {
        Optional<UserAccounts> a = accounts();
        Optional<AuthenticatedUser> me = CurrentUser.get().filter(Roles::isAdmin);
        if (a.isEmpty() || me.isEmpty()) {
            return;
        }
        try {
            a.get().delete(account.name(), me.get().name());
            say("info", Tr.t("ui.users.deleted", account.name()));
            if (account.name().equals(editedUser())) {
                editPart.setVisible(false);
            }
            refresh();
        } catch (IllegalArgumentException | IllegalStateException e) {
            say("error", Tr.t("ui.users.refused", e.getMessage()));
        }
    }

    private void say(String kind, String text) {
        message.setText(text);
        message.getElement().setAttribute("data-kind", kind);
        message.setVisible(true);
    }

    @Override
    public String getPageTitle() {
        return Tr.t("ui.title.users");
    }
}
