package org.skingpt.console.internal.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.skingpt.api.record.RecordUnavailableException;
import org.skingpt.api.review.QueueEntry;
import org.skingpt.api.review.ReviewStudies;
import org.skingpt.console.internal.ConsoleBackend;
import org.skingpt.console.internal.security.AuthenticatedUser;
import org.skingpt.console.internal.security.CurrentUser;

/** A reviewer's queue: the items of the open studies they are assigned to, and each study's results. */
@Route(value = "reviews", layout = MainLayout.class)
public class ReviewQueueView extends Div implements HasDynamicTitle {

    private static final long serialVersionUID = 1L;

    private final transient ConsoleBackend backend;
    private final Grid<QueueEntry> queue = new Grid<>();
    private final Div studies = new Div();
    private final Div message = new Div();

    public ReviewQueueView() {
        this.backend = ConsoleBackend.current();
        setId("review-queue-view");
        addClassName("sg-review-queue");
        H2 heading = new H2(Tr.t("ui.review.queue.heading"));
        heading.addClassName("sg-view-heading");
        message.setId("queue-message");
        message.addClassName("sg-message");
        message.getElement().setAttribute("role", "alert");
        message.setVisible(false);
        queue.setId("review-queue");
        queue.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        queue.addColumn(QueueEntry::studyTitle).setHeader(Tr.t("ui.review.col.title")).setAutoWidth(true);
        queue.addColumn(e -> e.index() + 1).setHeader(Tr.t("ui.review.col.item")).setAutoWidth(true);
        queue.addComponentColumn(this::state).setHeader(Tr.t("ui.review.col.status")).setAutoWidth(true);
        queue.addComponentColumn(e -> {
            if (e.reviewed()) {
                return new Span();
            }
            RouterLink open = new RouterLink(Tr.t("ui.review.open"), ReviewFormView.class, new RouteParameters(
                    Map.of(ReviewFormView.STUDY_PARAMETER, e.studyId(), ReviewFormView.ITEM_PARAMETER,
                            String.valueOf(e.index()))));
            open.setId("review-open-" + e.studyId() + "-" + e.index());
            return open;
        }).setHeader("").setAutoWidth(true);
        queue.setAllRowsVisible(true);
        studies.setId("review-queue-results");
        add(heading, new Paragraph(Tr.t("ui.review.queue.what")), message, queue, studies);
    }

    @Override
    public String getPageTitle() {
        return Tr.t("ui.title.reviewQueue");
    }

    private Component state(QueueEntry e) {
        Span s = new Span(Tr.t(e.reviewed() ? "ui.review.queue.done" : "ui.review.queue.todo"));
        s.addClassName("sg-pill");
        s.addClassName(e.reviewed() ? "sg-pill-ok" : "sg-pill-warn");
        return s;
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        Optional<AuthenticatedUser> user = CurrentUser.get();
        if (user.isEmpty()) {
            return;
        }
        if (!Roles.isReviewer(user.get())) {
            queue.setVisible(false);
            say(Tr.t("ui.review.reviewersOnly"));
            return;
        }
        Optional<ReviewStudies> service = backend.reviewStudies();
        if (service.isEmpty()) {
            say(Tr.t("ui.review.unavailable"));
            return;
        }
        try {
            List<QueueEntry> entries = service.get().queue(user.get().name());
            queue.setItems(entries);
            if (entries.isEmpty()) {
                say(Tr.t("ui.review.queue.empty"));
            }
            // One results link per study in the queue.
            Map<String, String> titles = new LinkedHashMap<>();
            entries.forEach(e -> titles.putIfAbsent(e.studyId(), e.studyTitle()));
            studies.removeAll();
            titles.forEach((id, title) -> {
                RouterLink results = new RouterLink(Tr.t("ui.review.resultsOf", title), ReviewResultsView.class,
                        new RouteParameters(ReviewResultsView.STUDY_PARAMETER, id));
                results.setId("queue-results-" + id);
                studies.add(new Div(results));
            });
        } catch (RecordUnavailableException e) {
            say(Tr.t("ui.record.unavailable", e.getMessage()));
        }
    }

    private void say(String text) {
        message.setText(text);
        message.getElement().setAttribute("data-kind", "info");
        message.setVisible(true);
    }
}
