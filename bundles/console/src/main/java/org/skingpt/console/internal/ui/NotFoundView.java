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
import com.vaadin.flow.router.PageTitle;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Unknown address. Shown to anyone (it reveals nothing), without the main layout, so an
 * anonymous visitor does not see an empty frame.
 */
@PageTitle("Not found \u00b7 SkinGPT")
@StyleSheet(UiConstants.STYLESHEET)
public class NotFoundView extends Main implements HasErrorParameter<NotFoundException> {

    private static final long serialVersionUID = 1L;

    public NotFoundView() {
        addClassName("sg-login");
        Image logo = new Image(UiConstants.LOGO, "");
        logo.addClassName("sg-login-logo");
        H1 title = new H1("Page not found");
        title.addClassName("sg-login-title");
        Paragraph text = new Paragraph("There is nothing at this address.");
        text.addClassName("sg-login-sub");
        Anchor home = new Anchor("", "Go to the start page");
        home.setId("not-found-home");
        Div card = new Div(logo, title, text, home);
        card.setId("not-found");
        card.addClassName("sg-login-card");
        card.addClassName("sg-center");
        add(card);
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
        return HttpServletResponse.SC_NOT_FOUND;
    }
}
