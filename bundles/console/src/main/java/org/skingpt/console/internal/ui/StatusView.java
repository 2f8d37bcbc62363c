package org.skingpt.console.internal.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.card.Card;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.skingpt.console.internal.ConsoleBackend;
import org.skingpt.console.internal.status.BundleRow;
import org.skingpt.api.record.RecordStatus;
import org.skingpt.console.internal.status.EngineStatus;
import org.skingpt.runtime.LibtorchInUse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start page: is the inference engine up, on which device and library, and in which state
 * are the SkinGPT bundles. Refreshes itself every few seconds by server push.
 */
@Route(value = "", layout = MainLayout.class)
@RouteAlias(value = "status", layout = MainLayout.class)
public class StatusView extends Div implements HasDynamicTitle {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(StatusView.class);

    /** Seconds between automatic refreshes. */
    static final int REFRESH_SECONDS = 5;

    private static final String NONE = "\u2014";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final transient ConsoleBackend backend;

    private final Span engineState = new Span();
    private final Paragraph engineSummary = new Paragraph();
    private final Span engineName = value("engine-name");
    private final Span engineVersion = value("engine-version");
    private final Span libtorch = value("engine-libtorch");
    private final Paragraph libtorchNotice = new Paragraph();
    private final Span bindingVersion = value("engine-binding-version");
    private final Span device = value("engine-device");
    private final Span gpus = value("engine-gpus");
    private final Span threads = value("engine-threads");
    private final Span recordState = new Span();
    private final Paragraph recordSummary = new Paragraph();
    private final Span bundleSummary = new Span();
    private final Span updated = new Span();
    private final Grid<BundleRow> bundles = new Grid<>();
    private transient ScheduledFuture<?> refresher;
    private List<BundleRow> shownRows;

    public StatusView() {
        this.backend = ConsoleBackend.current();
        addClassName("sg-status");

        H2 heading = new H2(Tr.t("ui.status.heading"));
        heading.addClassName("sg-view-heading");
        updated.setId("last-updated");
        updated.addClassName("sg-muted");
        Button refresh = new Button(Tr.t("ui.status.refresh"), VaadinIcon.REFRESH.create(), event -> refreshNow());
        refresh.setId("refresh");
        refresh.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        Div header = new Div(heading, updated, refresh);
        header.addClassName("sg-view-header");

        add(header, engineCard(), recordCard(), bundleSection());
    }

    private Card engineCard() {
        engineState.setId("engine-state");
        engineState.addClassName("sg-state");
        engineSummary.addClassName("sg-muted");
        engineSummary.setId("engine-summary");

        Div facts = new Div(
                ViewParts.fact(Tr.t("ui.status.engine"), engineName),
                ViewParts.fact(Tr.t("ui.status.libtorch"), engineVersion),
                ViewParts.fact(Tr.t("ui.status.libtorchInUse"), libtorch),
                ViewParts.fact(Tr.t("ui.status.djl"), bindingVersion),
                ViewParts.fact(Tr.t("ui.status.device"), device),
                ViewParts.fact(Tr.t("ui.status.gpus"), gpus),
                ViewParts.fact(Tr.t("ui.status.threads"), threads));
        facts.addClassName("sg-facts");

        Card card = new Card();
        card.setId("engine-card");
        card.addClassName("sg-card");
        card.setHeaderPrefix(VaadinIcon.SERVER.create());
        card.setTitle(Tr.t("ui.status.engineCard"));
        card.setHeaderSuffix(engineState);
        libtorchNotice.setId("engine-libtorch-notice");
        libtorchNotice.addClassName("sg-notice-warning");
        libtorchNotice.setVisible(false);
        card.add(engineSummary, libtorchNotice, facts);
        return card;
    }

    private Card recordCard() {
        recordState.setId("record-state");
        recordState.addClassName("sg-state");
        recordSummary.setId("record-summary");
        recordSummary.addClassName("sg-muted");
        Card card = new Card();
        card.setId("record-card");
        card.addClassName("sg-card");
        card.setHeaderPrefix(VaadinIcon.DATABASE.create());
        card.setTitle(Tr.t("ui.status.recordCard"));
        card.setHeaderSuffix(recordState);
        card.add(recordSummary);
        return card;
    }

    /** The record's state and a sentence: database and schema, or why consultations are refused. */
    private static String[] recordView(RecordStatus status) {
        if (status == null) {
            return new String[] {Tr.t("ui.status.record.notRunning"), "unavailable",
                Tr.t("ui.status.record.notRunningText")};
        }
        if (!status.available()) {
            return new String[] {Tr.t("ui.status.record.unavailable"), "unavailable", status.message() + " "
                + Tr.t("ui.status.record.unavailableText")};
        }
        return new String[] {Tr.t("ui.status.record.ready"), "ready", Tr.t("ui.status.record.readyText",
                status.database() + " " + status.databaseVersion(), status.location(),
                String.valueOf(status.schemaVersion()))};
    }

    private RecordStatus recordStatus() {
        return backend.clinicalRecord().map(r -> r.status()).orElse(null);
    }

    private Div bundleSection() {
        H3 title = new H3(Tr.t("ui.status.bundles"));
        bundleSummary.setId("bundle-summary");
        bundleSummary.addClassName("sg-muted");
        Div header = new Div(title, bundleSummary);
        header.addClassName("sg-section-header");

        bundles.setId("bundle-grid");
        bundles.addColumn(BundleRow::id).setHeader(Tr.t("ui.status.bundle.id")).setWidth("5em").setFlexGrow(0)
                .setTextAlign(ColumnTextAlign.END).setKey("id");
        bundles.addColumn(BundleRow::symbolicName).setHeader(Tr.t("ui.status.bundle.name")).setFlexGrow(3)
                .setKey("symbolicName");
        bundles.addColumn(BundleRow::version).setHeader(Tr.t("ui.status.bundle.version")).setFlexGrow(1).setKey("version");
        bundles.addColumn(new ComponentRenderer<Component, BundleRow>(StatusView::statePill))
                .setHeader(Tr.t("ui.status.bundle.state")).setFlexGrow(1).setKey("state");
        bundles.setAllRowsVisible(true);
        bundles.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        bundles.addClassName("sg-grid");

        Div section = new Div(header, bundles);
        section.addClassName("sg-section");
        return section;
    }

    private static Span statePill(BundleRow row) {
        // OSGi's own state names are what bundle:list shows; the page says them in its language.
        String key = "ui.status.bundleState." + row.state().toLowerCase(Locale.ROOT);
        String label = Tr.t(key);
        Span pill = new Span(label.equals(key) ? row.state() : label);
        pill.getElement().setAttribute("data-state", row.state());
        pill.addClassName("sg-pill");
        pill.addClassName(row.healthy() ? "sg-pill-ok" : "sg-pill-warn");
        return pill;
    }

    private static Span value(String id) {
        Span span = new Span(NONE);
        span.setId(id);
        span.addClassName("sg-fact-value");
        return span;
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        refreshNow();
        UI ui = attachEvent.getUI();
        refresher = backend.scheduler().scheduleWithFixedDelay(() -> refreshFromBackground(ui),
                REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        stopRefreshing();
        super.onDetach(detachEvent);
    }

    private void stopRefreshing() {
        ScheduledFuture<?> current = refresher;
        refresher = null;
        if (current != null) {
            current.cancel(false);
        }
    }

    private void refreshNow() {
        show(EngineStatus.of(backend.inferenceRuntime().orElse(null)), recordStatus(), backend.skingptBundles());
    }

    /** Runs on the console's timer thread: reads the platform there, updates the page by push. */
    private void refreshFromBackground(UI ui) {
        try {
            EngineStatus engine = EngineStatus.of(backend.inferenceRuntime().orElse(null));
            RecordStatus record = recordStatus();
            List<BundleRow> rows = backend.skingptBundles();
            ui.access(() -> show(engine, record, rows));
        } catch (UIDetachedException e) {
            stopRefreshing();
        } catch (RuntimeException e) {
            LOG.debug("Status refresh failed", e);
        }
    }

    private void show(EngineStatus engine, RecordStatus record, List<BundleRow> rows) {
        String[] r = recordView(record);
        recordState.setText(r[0]);
        recordState.getElement().setAttribute("data-state", r[1]);
        recordSummary.setText(r[2]);
        engineState.setText(stateLabel(engine.state()));
        engineState.getElement().setAttribute("data-state", engine.state().name().toLowerCase(Locale.ROOT));
        engineSummary.setText(switch (engine.state()) {
            case READY -> Tr.t("ui.status.engine.readyText");
            case STARTING -> Tr.t("ui.status.engine.startingText");
            case UNAVAILABLE -> engine.problem() == null ? Tr.t("ui.status.engine.unavailableText") : engine.problem();
        });
        if (engine.hasDetails()) {
            engineName.setText(engine.engineName());
            engineVersion.setText(engine.engineVersion());
            libtorch.setText(libtorchText(engine.libtorch()));
            bindingVersion.setText(engine.bindingVersion());
            device.setText(engine.device());
            gpus.setText(String.valueOf(engine.gpuCount()));
            threads.setText(Tr.t("ui.status.threadsValue", String.valueOf(engine.intraOpThreads()),
                    String.valueOf(engine.interOpThreads())));
        } else {
            for (Span span : new Span[] {engineName, engineVersion, libtorch, bindingVersion, device, gpus, threads}) {
                span.setText(NONE);
            }
        }

        // The runtime's own sentences (what was found, what is expected, what to do), as it wrote them.
        String notice = engine.libtorchNotice();
        libtorchNotice.setText(notice);
        libtorchNotice.setVisible(!notice.isEmpty());

        // Only when something changed: a grid update makes the browser answer with a message, and
        // that would count as user activity and keep an unattended session alive forever.
        if (!rows.equals(shownRows)) {
            bundles.setItems(rows);
            shownRows = List.copyOf(rows);
        }
        long healthy = rows.stream().filter(BundleRow::healthy).count();
        bundleSummary.setText(Tr.t("ui.status.bundlesActive", String.valueOf(healthy), String.valueOf(rows.size())));
        updated.setText(Tr.t("ui.status.updated", TIME.format(LocalTime.now().truncatedTo(ChronoUnit.SECONDS))));
    }

    /** Which libtorch the engine runs on, in the page's language: the embedded build or a directory, version, flavor. */
    static String libtorchText(LibtorchInUse in) {
        if (in == null || in.source() == LibtorchInUse.Source.UNKNOWN) {
            return Tr.t("ui.status.libtorch.unknown");
        }
        String flavor = in.flavor().isEmpty() ? "?" : in.flavor();
        return switch (in.source()) {
            case EMBEDDED -> Tr.t("ui.status.libtorch.embedded", in.version(), flavor);
            case CONFIGURED_DIRECTORY -> Tr.t("ui.status.libtorch.directory", in.directory(), in.version(), flavor);
            default -> Tr.t("ui.status.libtorch.environment", in.directory(), in.version(), flavor);
        };
    }

    /** The engine's state in the page's language. */
    static String stateLabel(EngineStatus.State state) {
        return switch (state) {
            case READY -> Tr.t("ui.status.engine.ready");
            case STARTING -> Tr.t("ui.status.engine.starting");
            case UNAVAILABLE -> Tr.t("ui.status.engine.unavailable");
        };
    }

    @Override
    public String getPageTitle() {
        return Tr.t("ui.title.status");
    }
}
