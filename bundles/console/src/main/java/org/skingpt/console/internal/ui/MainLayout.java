package org.skingpt.console.internal.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.HasElement;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Footer;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import java.util.Set;
import org.skingpt.console.internal.ConsoleBackend;
import org.skingpt.console.internal.security.AccessGuard;
import org.skingpt.console.internal.security.AuthenticatedUser;
import org.skingpt.console.internal.security.CurrentUser;

/**
 * Frame of every signed-in page: product title and signed-in user on top, navigation on the
 * side, the not-for-clinical-use banner at the bottom of the content.
 */
@StyleSheet(UiConstants.STYLESHEET)
public class MainLayout extends AppLayout implements BeforeEnterObserver {

    private static final long serialVersionUID = 1L;

    /** Key of the text shown on every signed-in page while the product ships demo models. */
    public static final String CLINICAL_USE_BANNER = "ui.banner.clinicalUse";

    private final Span currentUser = new Span();
    private final Div roles = new Div();
    private final Div viewHolder = new Div();

    private final SideNav nav = new SideNav();
    private final SideNavItem tokensItem =
            new SideNavItem(Tr.t("ui.nav.apiTokens"), ApiTokensView.class, VaadinIcon.KEY.create());
    private final SideNavItem auditItem =
            new SideNavItem(Tr.t("ui.nav.audit"), AuditView.class, VaadinIcon.FILE_TEXT_O.create());

    private final SideNavItem studiesItem =
            new SideNavItem(Tr.t("ui.nav.reviewStudies"), ReviewStudiesView.class, VaadinIcon.CLIPBOARD_CHECK.create());
    private final SideNavItem reviewsItem =
            new SideNavItem(Tr.t("ui.nav.myReviews"), ReviewQueueView.class, VaadinIcon.CHECK_SQUARE_O.create());

    // Admin pages (issue 18): models and bundles, user accounts.
    private final SideNavItem modelsItem =
            new SideNavItem(Tr.t("ui.nav.models"), ModelsView.class, VaadinIcon.PACKAGE.create());
    private final SideNavItem usersItem =
            new SideNavItem(Tr.t("ui.nav.users"), UsersView.class, VaadinIcon.USERS.create());

    public MainLayout() {
        studiesItem.setId("nav-review-studies");
        reviewsItem.setId("nav-my-reviews");
        modelsItem.setId("nav-models");
        usersItem.setId("nav-users");
        tokensItem.setId("nav-api-tokens");
        auditItem.setId("nav-audit");
        setPrimarySection(Section.NAVBAR);
        addClassName("sg-layout");

        DrawerToggle toggle = new DrawerToggle();
        toggle.setAriaLabel(Tr.t("ui.nav.menu"));
        addToNavbar(toggle, brand(), userBox());
        addToDrawer(navigation(), drawerFooter());

        viewHolder.addClassName("sg-view");
        Footer banner = new Footer(VaadinIcon.WARNING.create(), new Span(Tr.t(CLINICAL_USE_BANNER)));
        banner.setId("clinical-use-banner");
        banner.addClassName("sg-banner");
        banner.getElement().setAttribute("role", "note");
        Div page = new Div(viewHolder, banner);
        page.addClassName("sg-page");
        setContent(page);
    }

    private static Div brand() {
        Image logo = new Image(UiConstants.LOGO, "");
        logo.addClassName("sg-logo");
        Span title = new Span("SkinGPT");
        title.setId("product-title");
        title.addClassName("sg-product");
        Span subtitle = new Span(Tr.t("ui.product.subtitle"));
        subtitle.addClassName("sg-product-sub");
        Div brand = new Div(logo, title, subtitle);
        brand.addClassName("sg-brand");
        return brand;
    }

    private Div userBox() {
        currentUser.setId("current-user");
        currentUser.addClassName("sg-user-name");
        roles.setId("current-roles");
        roles.addClassName("sg-roles");
        Button logout = new Button(Tr.t("ui.nav.signOut"), VaadinIcon.SIGN_OUT.create(), event -> signOut());
        logout.setId("logout");
        logout.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        Div user = new Div(new LanguageMenu(), VaadinIcon.USER.create(), currentUser, roles, logout);
        user.addClassName("sg-user");
        return user;
    }

    private SideNav navigation() {
        SideNav nav = this.nav;
        nav.setId("main-nav");
        SideNavItem consultation = new SideNavItem(Tr.t("ui.nav.consultation"), ConsultationView.class,
                VaadinIcon.STETHOSCOPE.create());
        consultation.setId("nav-consultation");
        SideNavItem history = new SideNavItem(Tr.t("ui.nav.history"), HistoryView.class,
                VaadinIcon.RECORDS.create());
        history.setId("nav-history");
        SideNavItem status = new SideNavItem(Tr.t("ui.nav.status"), StatusView.class, VaadinIcon.DASHBOARD.create());
        status.setId("nav-status");
        SideNavItem about = new SideNavItem(Tr.t("ui.nav.about"), AboutView.class, VaadinIcon.INFO_CIRCLE_O.create());
        about.setId("nav-about");
        nav.addItem(consultation, history, status, about);
        nav.addClassName("sg-nav");
        return nav;
    }

    private static Div drawerFooter() {
        Div footer = new Div(VaadinIcon.LOCK.create(), new Span(Tr.t("ui.privacy.onPremises")));
        footer.addClassName("sg-drawer-footer");
        return footer;
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        CurrentUser.get().ifPresent(this::showUser);
    }

    private void showUser(AuthenticatedUser user) {
        currentUser.setText(user.name());
        // The layout can be built before sign-in (the guard runs after it): admin entries are added here.
        if (user.hasRole(ApiTokensView.ADMIN_ROLE) && tokensItem.getParent().isEmpty()) {
            nav.addItem(tokensItem);
        }
        if (user.hasRole(ApiTokensView.ADMIN_ROLE) && auditItem.getParent().isEmpty()) {
            nav.addItem(auditItem);
        }
        if (user.hasRole(ApiTokensView.ADMIN_ROLE) && modelsItem.getParent().isEmpty()) {
            nav.addItem(modelsItem, usersItem);
        }
        // Review studies: admins run them, reviewers work through their queue.
        if (Roles.isAdmin(user) && studiesItem.getParent().isEmpty()) {
            nav.addItem(studiesItem);
        }
        if (Roles.isReviewer(user) && reviewsItem.getParent().isEmpty()) {
            nav.addItem(reviewsItem);
        }
        roles.removeAll();
        Set<String> consoleRoles = user.rolesAmong(ConsoleBackend.current().settings().allowedRoles());
        for (String role : consoleRoles) {
            String key = "ui.role." + role;
            String label = Tr.t(key);
            Span badge = new Span(label.equals(key) ? role : label);
            badge.addClassName("sg-role");
            roles.add(badge);
        }
    }

    private void signOut() {
        getUI().ifPresent(ui -> {
            ui.getPage().setLocation(UiConstants.LOGIN_ROUTE);
            CurrentUser.signOut();
        });
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        AccessGuard.check(event);
        // Also on every navigation, not only on attach: a layout built for a page that first sent the user to
        // sign in can be attached before the sign-in, and would then lack the admin entries.
        CurrentUser.get().ifPresent(this::showUser);
    }

    @Override
    public void showRouterLayoutContent(HasElement content) {
        viewHolder.getElement().removeAllChildren();
        if (content != null) {
            viewHolder.getElement().appendChild(content.getElement());
        }
    }

    @Override
    public void removeRouterLayoutContent(HasElement oldContent) {
        viewHolder.getElement().removeAllChildren();
    }
}
