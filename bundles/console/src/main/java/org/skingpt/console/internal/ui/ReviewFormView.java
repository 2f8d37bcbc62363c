package org.skingpt.console.internal.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.card.Card;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.skingpt.api.consultation.ConsultationImage;
import org.skingpt.api.consultation.Findings;
import org.skingpt.api.record.AnswerKind;
import org.skingpt.api.record.ClinicalRecord;
import org.skingpt.api.record.RecordUnavailableException;
import org.skingpt.api.record.StoredAnswer;
import org.skingpt.api.record.StoredConsultation;
import org.skingpt.api.review.Agreement;
import org.skingpt.api.review.QueueEntry;
import org.skingpt.api.review.ReviewRefusedException;
import org.skingpt.api.review.ReviewStudies;
import org.skingpt.api.review.Statement;
import org.skingpt.api.review.Study;
import org.skingpt.api.review.StudyItem;
import org.skingpt.console.internal.ConsoleBackend;
import org.skingpt.console.internal.i18n.ConsoleI18n;
import org.skingpt.console.internal.security.Audit;
import org.skingpt.console.internal.security.AuthenticatedUser;
import org.skingpt.console.internal.security.CurrentUser;

/**
 * The blinded review of one study item, as the paper's dermatologists did it: the image(s) first and the reviewer's
 * own diagnosis; only then are the model's answers sent to the browser (not merely hidden: they are not in the page
 * before), and the seven statements are rated on the five-point scale. The diagnosis cannot be changed once the
 * answers are shown.
 */
@Route(value = "reviews/:" + ReviewFormView.STUDY_PARAMETER + "/:" + ReviewFormView.ITEM_PARAMETER,
        layout = MainLayout.class)
public class ReviewFormView extends Div implements BeforeEnterObserver, HasDynamicTitle {

    private static final long serialVersionUID = 1L;
    static final String STUDY_PARAMETER = "study";
    static final String ITEM_PARAMETER = "item";
    private static final String[] SECTION_TITLES = {
        "ui.answer.description", "ui.answer.features", "ui.answer.causes", "ui.answer.treatment"};

    private final transient ConsoleBackend backend;
    private final H2 heading = new H2(Tr.t("ui.review.form.title"));
    private final Div message = new Div();
    private final Div content = new Div();
    private final Select<String> condition = new Select<>();
    private final TextField diagnosis = new TextField(Tr.t("ui.review.form.diagnosis"));
    private final Button reveal = new Button(Tr.t("ui.review.form.reveal"), VaadinIcon.EYE.create());
    private final Div answers = new Div();
    private final Map<Statement, Select<Agreement>> ratings = new EnumMap<>(Statement.class);
    private final TextArea comment = new TextArea(Tr.t("ui.review.form.comment"));
    private final Button submit = new Button(Tr.t("ui.review.form.submit"), VaadinIcon.CHECK.create());

    private Study study;
    private StudyItem item;
    private String reviewer;
    private transient StoredConsultation consultation;

    public ReviewFormView() {
        this.backend = ConsoleBackend.current();
        setId("review-form");
        addClassName("sg-review-form");
        heading.addClassName("sg-view-heading");
        RouterLink back = new RouterLink(Tr.t("ui.review.form.back"), ReviewQueueView.class);
        back.setId("review-back");
        Div header = new Div(heading, back);
        header.addClassName("sg-view-header");
        message.setId("review-message");
        message.addClassName("sg-message");
        message.getElement().setAttribute("role", "alert");
        message.setVisible(false);
        content.setId("review-content");
        add(header, message, content);

        condition.setId("review-condition");
        condition.setLabel(Tr.t("ui.review.form.condition"));
        List<String> codes = new ArrayList<>();
        codes.add("");
        codes.addAll(ConsoleI18n.conditionCodes());
        condition.setItems(codes);
        condition.setItemLabelGenerator(c -> c.isEmpty() ? Tr.t("ui.review.form.conditionNone") : conditionName(c));
        condition.setValue("");
        condition.setWidth("18em");
        diagnosis.setId("review-diagnosis");
        diagnosis.setMaxLength(ReviewStudies.MAX_DIAGNOSIS_CHARS);
        diagnosis.setHelperText(Tr.t("ui.review.form.diagnosisHelp"));
        diagnosis.addClassName("sg-wide");
        reveal.setId("review-reveal");
        reveal.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        reveal.addClickListener(e -> reveal());
        answers.setId("review-answers");
        answers.getElement().setAttribute("aria-live", "polite");
        int i = 0;
        for (Statement s : Statement.values()) {
            Select<Agreement> select = new Select<>();
            select.setId("review-rating-" + i++);
            select.setLabel(i + ". " + Tr.t("ui.review.statement." + s.key()));
            select.setItems(Agreement.values());
            select.setItemLabelGenerator(a -> Tr.t("ui.review.agreement." + a.name()));
            select.setPlaceholder(Tr.t("ui.review.form.choose"));
            ratings.put(s, select);
        }
        comment.setId("review-comment");
        comment.setMaxLength(ReviewStudies.MAX_COMMENT_CHARS);
        comment.setWidth("40em");
        comment.setMaxWidth("100%");
        submit.setId("review-submit");
        submit.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        submit.addClickListener(e -> submit());
    }

    @Override
    public String getPageTitle() {
        return Tr.t("ui.title.reviewForm");
    }

    /** A condition's display name in the page's language: the first name of {@code condition.<code>}. */
    static String conditionName(String code) {
        String names = Tr.t("condition." + code);
        return names.equals("condition." + code) ? code : names.split("\\|")[0].strip();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        content.removeAll();
        hideMessage();
        study = null;
        item = null;
        consultation = null;
        Optional<AuthenticatedUser> user = CurrentUser.get();
        if (user.isEmpty()) {
            return; // the guard sends the visitor to the login page
        }
        if (!Roles.isReviewer(user.get())) {
            say("error", Tr.t("ui.review.reviewersOnly"));
            return;
        }
        reviewer = user.get().name();
        Optional<ReviewStudies> service = backend.reviewStudies();
        Optional<ClinicalRecord> record = backend.clinicalRecord();
        if (service.isEmpty() || record.isEmpty()) {
            say("error", Tr.t("ui.review.unavailable"));
            return;
        }
        String studyId = event.getRouteParameters().get(STUDY_PARAMETER).orElse("");
        int index;
        try {
            index = Integer.parseInt(event.getRouteParameters().get(ITEM_PARAMETER).orElse(""));
        } catch (NumberFormatException e) {
            index = -1;
        }
        try {
            Optional<Study> found = service.get().get(studyId);
            int wanted = index;
            Optional<StudyItem> it = found.flatMap(s -> s.items().stream().filter(x -> x.index() == wanted).findFirst());
            // A study one is not assigned to is "not found": a reviewer learns nothing of other studies.
            if (found.isEmpty() || it.isEmpty() || !found.get().reviewers().contains(reviewer)) {
                say("error", Tr.t("ui.review.form.notFound"));
                return;
            }
            study = found.get();
            item = it.get();
            heading.setText(Tr.t("ui.review.form.heading", study.title(), item.index() + 1, study.items().size()));
            if (!study.open()) {
                say("error", Tr.t("ui.review.form.closed"));
                return;
            }
            Optional<StoredConsultation> stored = item.erased() ? Optional.empty() : record.get().load(item.consultationId());
            if (stored.isEmpty()) {
                say("error", Tr.t("ui.review.form.erased"));
                return;
            }
            boolean done = service.get().queue(reviewer).stream().anyMatch(q -> q.studyId().equals(study.id())
                    && q.index() == item.index() && q.reviewed());
            if (done) {
                say("info", Tr.t("ui.review.form.alreadyDone"));
                return;
            }
            consultation = stored.get();
        } catch (RecordUnavailableException e) {
            say("error", Tr.t("ui.record.unavailable", e.getMessage()));
            return;
        }
        Audit.consultationViewed(reviewer, item.consultationId(), CurrentUser.remoteAddress());
        showBlinded();
    }

    /** Step 1: the images and the reviewer's own diagnosis; nothing of the model's answers. */
    private void showBlinded() {
        condition.setReadOnly(false);
        condition.setValue("");
        diagnosis.setReadOnly(false);
        diagnosis.clear();
        reveal.setEnabled(true);
        reveal.setVisible(true);
        answers.removeAll();
        ratings.values().forEach(s -> {
            s.clear();
            s.setReadOnly(false);
        });
        comment.clear();
        comment.setReadOnly(false);
        submit.setEnabled(true);

        Div images = new Div();
        images.setId("review-images");
        images.addClassName("sg-thumbnails");
        List<ConsultationImage> list = consultation.images();
        for (int i = 0; i < list.size(); i++) {
            ConsultationImage img = list.get(i);
            String name = Tr.t("ui.detail.imageName", i + 1, img.width(), img.height());
            Image image = ConsultationView.thumbnail(img.png(), name, "review-image-" + i);
            image.getElement().setAttribute("alt", name);
            images.add(image);
        }
        Card imagesCard = new Card();
        imagesCard.addClassName("sg-card");
        imagesCard.setHeaderPrefix(VaadinIcon.CAMERA.create());
        imagesCard.setTitle(Tr.t("ui.review.form.images", list.size()));
        imagesCard.add(images);

        Card step1 = new Card();
        step1.setId("review-step-diagnosis");
        step1.addClassName("sg-card");
        step1.setHeaderPrefix(VaadinIcon.DOCTOR.create());
        step1.setTitle(Tr.t("ui.review.form.step1"));
        step1.add(new Paragraph(Tr.t("ui.review.form.step1Text")), condition, diagnosis, reveal);
        content.add(imagesCard, step1, answers);
    }

    /**
     * The condition code of the reviewer's diagnosis: the condition chosen, else the condition whose name or
     * synonym in the locale bundle (the page's language or English) is exactly the typed text, ignoring case;
     * empty when none (the diagnosis is then compared with the model's by name).
     */
    private String givenCode() {
        String code = condition.getValue() == null ? "" : condition.getValue();
        if (!code.isEmpty()) {
            return code;
        }
        return codeFor(diagnosis.getValue(), ConsoleI18n.conditionCodes(), c -> Tr.t("condition." + c) + "|"
                + org.skingpt.console.internal.i18n.UiLanguage.i18n().getTranslation("condition." + c,
                        ConsoleI18n.DEFAULT));
    }

    /** The code whose {@code |}-separated names include {@code typed} (ignoring case and spacing), else empty. */
    static String codeFor(String typed, List<String> codes, java.util.function.Function<String, String> names) {
        String t = typed == null ? "" : typed.strip().replaceAll("\\s+", " ");
        if (t.isEmpty()) {
            return "";
        }
        for (String code : codes) {
            for (String name : names.apply(code).split("\\|")) {
                if (name.strip().equalsIgnoreCase(t)) {
                    return code;
                }
            }
        }
        return "";
    }

    /** The reviewer's diagnosis as given: the typed text, else the chosen condition's name. */
    private String givenDiagnosis() {
        String typed = diagnosis.getValue() == null ? "" : diagnosis.getValue().strip();
        String code = condition.getValue() == null ? "" : condition.getValue();
        return !typed.isEmpty() ? typed : code.isEmpty() ? "" : conditionName(code);
    }

    /** Step 2: only now are the model's answers sent to the browser; the diagnosis is locked. */
    private void reveal() {
        if (consultation == null) {
            return;
        }
        if (givenDiagnosis().isEmpty()) {
            say("error", Tr.t("ui.review.form.diagnosisFirst"));
            diagnosis.focus();
            return;
        }
        hideMessage();
        condition.setReadOnly(true);
        diagnosis.setReadOnly(true);
        reveal.setEnabled(false);
        reveal.setVisible(false);
        Paragraph locked = new Paragraph(Tr.t("ui.review.form.locked", givenDiagnosis()));
        locked.setId("review-locked");

        Findings f = consultation.findings();
        Span modelDiagnosis = new Span(f == null || f.diagnosis().isEmpty() ? Tr.t("ui.findings.none") : f.diagnosis());
        modelDiagnosis.setId("review-model-diagnosis");
        modelDiagnosis.addClassName("sg-fact-value");
        Div facts = new Div(ViewParts.fact(Tr.t("ui.review.form.modelDiagnosis"), modelDiagnosis));
        facts.addClassName("sg-facts");
        Card card = new Card();
        card.setId("review-model-answers");
        card.addClassName("sg-card");
        card.setHeaderPrefix(VaadinIcon.CLIPBOARD_TEXT.create());
        card.setTitle(Tr.t("ui.review.form.answers"));
        card.add(locked, facts);
        int section = 0;
        for (StoredAnswer a : consultation.answers()) {
            if (!a.complete()) {
                continue;
            }
            String title = a.kind() == AnswerKind.STANDARD && a.index() >= 0 && a.index() < SECTION_TITLES.length
                    ? Tr.t(SECTION_TITLES[a.index()]) : Tr.t("ui.answer.followUp");
            Paragraph q = new Paragraph(a.question());
            q.addClassName("sg-question");
            Paragraph text = new Paragraph(a.text());
            text.setId("review-answer-" + section++);
            text.addClassName("sg-answer");
            Div block = new Div(new H4(title), q, text);
            block.addClassName("sg-answer-section");
            card.add(block);
        }

        Card step2 = new Card();
        step2.setId("review-step-ratings");
        step2.addClassName("sg-card");
        step2.setHeaderPrefix(VaadinIcon.CHECK_SQUARE_O.create());
        step2.setTitle(Tr.t("ui.review.form.step2"));
        Div list = new Div();
        list.addClassName("sg-review-ratings");
        // One statement per line (a block each).
        ratings.values().forEach(select -> {
            Div line = new Div(select);
            line.addClassName("sg-review-rating");
            list.add(line);
        });
        step2.add(list, new Div(comment), new Div(submit));
        answers.removeAll();
        answers.add(card, step2);
    }

    private void submit() {
        Optional<ReviewStudies> service = backend.reviewStudies();
        if (service.isEmpty() || study == null || item == null) {
            say("error", Tr.t("ui.review.unavailable"));
            return;
        }
        Map<Statement, Agreement> chosen = new EnumMap<>(Statement.class);
        ratings.forEach((s, select) -> {
            if (select.getValue() != null) {
                chosen.put(s, select.getValue());
            }
        });
        int missing = Statement.values().length - chosen.size();
        if (missing > 0) {
            say("error", Tr.t("ui.review.form.allRated", missing, Statement.values().length));
            return;
        }
        try {
            service.get().submit(study.id(), item.consultationId(), reviewer, givenDiagnosis(), givenCode(),
                    chosen, comment.getValue());
        } catch (ReviewRefusedException | RecordUnavailableException e) {
            // Everything entered stays on the page: the reviewer can copy it, nothing is cleared.
            say("error", Tr.t("ui.review.refused", e.getMessage()));
            return;
        }
        ratings.values().forEach(s -> s.setReadOnly(true));
        comment.setReadOnly(true);
        submit.setEnabled(false);
        say("info", Tr.t("ui.review.form.submitted"));
        nextItem(service.get()).ifPresent(next -> {
            RouterLink link = new RouterLink(Tr.t("ui.review.form.next"), ReviewFormView.class, new RouteParameters(
                    Map.of(STUDY_PARAMETER, next.studyId(), ITEM_PARAMETER, String.valueOf(next.index()))));
            link.setId("review-next");
            answers.add(new Div(link));
        });
    }

    private Optional<QueueEntry> nextItem(ReviewStudies service) {
        try {
            return service.queue(reviewer).stream().filter(q -> !q.reviewed()).findFirst();
        } catch (RecordUnavailableException e) {
            return Optional.empty();
        }
    }

    private void say(String kind, String text) {
        message.setText(text);
        message.getElement().setAttribute("data-kind", kind);
        message.setVisible(true);
    }

    private void hideMessage() {
        message.setText("");
        message.setVisible(false);
    }
}
