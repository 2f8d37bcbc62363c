package org.skingpt.console.internal.ui;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.HasDynamicTitle;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Unknown address. Shown to anyone (it reveals nothing), without the main layout, so an
 * anonymous visitor does not see an empty frame.
 */
@StyleSheet(UiConstants.STYLESHEET)
public class NotFoundView extends Main implements HasErrorParameter<NotFoundException>, HasDynamicTitle {

    private static final long serialVersionUID = 1L;

    public NotFoundView() {
        addClassName("sg-login");
        Image logo = new Image(UiConstants.LOGO, "");
        logo.addClassName("sg-login-logo");
        H1 title = new H1(Tr.t("ui.notFound.title"));
        title.addClassName("sg-login-title");
        Paragraph text = new Paragraph(Tr.t("ui.notFound.text"));
        text.addClassName("sg-login-sub");
        Anchor home = new Anchor("", Tr.t("ui.notFound.home"));
        home.setId("not-found-home");
        Div card = new Div(logo, title, text, home);
        card.setId("not-found");
        card.addClassName("sg-login-card");
        card.addClassName("sg-center");
        add(card);
    }

    @Override
    public String getPageTitle() {
        return Tr.t("ui.title.notFound");
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
        return HttpServletResponse.SC_NOT_FOUND;
    }
}
