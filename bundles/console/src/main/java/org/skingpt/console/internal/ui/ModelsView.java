package org.skingpt.console.internal.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.component.upload.UploadI18N;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.UploadEvent;
import com.vaadin.flow.server.streams.UploadHandler;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.skingpt.api.model.ModelCatalog;
import org.skingpt.api.model.ModelInfo;
import org.skingpt.api.model.ModelState;
import org.skingpt.console.internal.ConsoleBackend;
import org.skingpt.console.internal.admin.AdminServices;
import org.skingpt.console.internal.admin.BundleCandidate;
import org.skingpt.console.internal.admin.BundleInspector;
import org.skingpt.console.internal.admin.Refusal;
import org.skingpt.console.internal.admin.SwappableBundle;
import org.skingpt.console.internal.admin.UploadedFiles;
import org.skingpt.console.internal.security.Audit;
import org.skingpt.console.internal.security.AuthenticatedUser;
import org.skingpt.console.internal.security.CurrentUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admins deploy, pin and remove models, and start, stop and remove locale and report bundles: what
 * {@code skingpt:models}, {@code skingpt:model-pin}, {@code skingpt:locales}, {@code skingpt:formats} and
 * {@code bundle:install|start|stop|uninstall} do in the shell. A jar is checked and its SHA-256 shown before the
 * admin confirms the install; every action is audited.
 *
 * <p>Every action checks again that the signed-in user is an admin (the controls are only shown to admins).
 */
@Route(value = "models", layout = MainLayout.class)
public class ModelsView extends Div implements HasDynamicTitle {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ModelsView.class);
    private static final int REFRESH_SECONDS = 2;

    private final transient ConsoleBackend backend;
    private final Grid<ModelInfo> models = new Grid<>();
    private final Grid<SwappableBundle> bundles = new Grid<>();
    private final Upload upload = new Upload();
    private final TextField path = new TextField(Tr.t("ui.admin.deploy.path"));
    private final Div preview = new Div();
    private final Paragraph message = new Paragraph();
    private final Confirmation confirmation = new Confirmation("models");
    private final Div adminPart;
    private transient BundleCandidate pending;
    private transient ScheduledFuture<?> refresher;
    private transient Map<String, String> pins = Map.of();

    public ModelsView() {
        this.backend = ConsoleBackend.current();
        addClassName("sg-models");
        H2 heading = new H2(Tr.t("ui.admin.models.heading"));
        heading.addClassName("sg-view-heading");
        add(heading, new Paragraph(Tr.t("ui.admin.models.what")));
        message.setId("models-message");
        message.getElement().setAttribute("role", "status");
        message.setVisible(false);

        buildModelsGrid();
        buildBundlesGrid();
        adminPart = new Div(message, confirmation, new H3(Tr.t("ui.admin.models.list")), models,
                new H3(Tr.t("ui.admin.deploy.heading")), deployForm(), preview,
                new H3(Tr.t("ui.admin.bundles.heading")), bundles);
    }

    private void buildModelsGrid() {
        models.setId("models-grid");
        models.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        models.addColumn(ModelInfo::name).setHeader(Tr.t("ui.admin.col.name")).setAutoWidth(true);
        models.addColumn(ModelInfo::version).setHeader(Tr.t("ui.admin.col.version")).setAutoWidth(true);
        models.addColumn(m -> m.kind() == null ? "?" : Tr.t("ui.admin.kind." + m.kind().name().toLowerCase(Locale.ROOT)))
                .setHeader(Tr.t("ui.admin.col.kind")).setAutoWidth(true);
        models.addComponentColumn(m -> {
            Span state = new Span(stateText(m));
            state.setId("model-state-" + key(m));
            state.getElement().setAttribute("data-state", m.state().name());
            return state;
        }).setHeader(Tr.t("ui.admin.col.state")).setAutoWidth(true);
        models.addColumn(this::servingText).setHeader(Tr.t("ui.admin.col.serving")).setWidth("8em").setFlexGrow(0);
        models.addComponentColumn(m -> {
            Span sha = new Span(m.sha256().isEmpty() ? "" : m.sha256().substring(0, 12) + "\u2026");
            sha.setId("model-sha-" + key(m));
            sha.getElement().setAttribute("title", m.sha256());
            sha.getElement().setAttribute("data-sha256", m.sha256());
            return sha;
        }).setHeader(Tr.t("ui.admin.col.sha256")).setWidth("9em").setFlexGrow(0);
        models.addColumn(this::sizeText).setHeader(Tr.t("ui.admin.col.size")).setAutoWidth(true);
        models.addColumn(m -> m.synthetic() ? Tr.t("ui.admin.synthetic.yes") : Tr.t("ui.admin.synthetic.no"))
                .setHeader(Tr.t("ui.admin.col.synthetic")).setAutoWidth(true);
        models.addColumn(ModelInfo::bundleId).setHeader(Tr.t("ui.admin.col.bundle")).setAutoWidth(true);
        models.addComponentColumn(m -> {
            Span error = new Span(m.error());
            error.setId("model-error-" + key(m));
            return error;
        }).setHeader(Tr.t("ui.admin.col.error")).setWidth("18em").setFlexGrow(1);
        models.addComponentColumn(this::modelActions).setHeader(Tr.t("ui.admin.col.actions")).setAutoWidth(true);
        models.setAllRowsVisible(true);
    }

    private Div modelActions(ModelInfo m) {
        Div actions = new Div();
        actions.addClassName("sg-row-actions");
        boolean pinned = m.version().equals(pins.get(m.name()));
        if (m.state() == ModelState.READY || pinned) {
            Button pin = new Button(pinned ? Tr.t("ui.admin.unpin") : Tr.t("ui.admin.pin"),
                    e -> pin(m, !pinned));
            pin.setId((pinned ? "model-unpin-" : "model-pin-") + key(m));
            pin.addThemeVariants(ButtonVariant.LUMO_SMALL);
            pin.getElement().setAttribute("aria-label", (pinned ? Tr.t("ui.admin.unpin") : Tr.t("ui.admin.pin")) + " "
                    + m.coordinates());
            actions.add(pin);
        }
        if (m.state() != ModelState.DRAINING) {
            Button remove = new Button(Tr.t("ui.admin.uninstall"), e -> confirmation.ask(
                    Tr.t("ui.admin.uninstall.confirmModel", m.coordinates(), backend.admin().flatMap(AdminServices::models)
                            .map(c -> c.inFlight(m.bundleId())).orElse(0)),
                    Tr.t("ui.admin.uninstall"), () -> uninstall(m.bundleId(), m.coordinates())));
            remove.setId("model-uninstall-" + key(m));
            remove.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
            remove.getElement().setAttribute("aria-label", Tr.t("ui.admin.uninstall") + " " + m.coordinates());
            actions.add(remove);
        }
        return actions;
    }

    private void buildBundlesGrid() {
        bundles.setId("bundles-grid");
        bundles.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        bundles.addColumn(b -> Tr.t("ui.admin.kind." + b.kind().name().toLowerCase(Locale.ROOT)))
                .setHeader(Tr.t("ui.admin.col.kind")).setAutoWidth(true);
        bundles.addColumn(SwappableBundle::symbolicName).setHeader(Tr.t("ui.admin.col.bundleName")).setAutoWidth(true);
        bundles.addColumn(SwappableBundle::version).setHeader(Tr.t("ui.admin.col.version")).setAutoWidth(true);
        bundles.addComponentColumn(b -> {
            Span state = new Span(Tr.t("ui.status.bundleState." + b.state().toLowerCase(Locale.ROOT)));
            state.setId("bundle-state-" + b.symbolicName());
            state.getElement().setAttribute("data-state", b.state());
            return state;
        }).setHeader(Tr.t("ui.admin.col.state")).setAutoWidth(true);
        bundles.addColumn(SwappableBundle::detail).setHeader(Tr.t("ui.admin.col.detail")).setAutoWidth(true);
        bundles.addColumn(SwappableBundle::id).setHeader(Tr.t("ui.admin.col.bundle")).setAutoWidth(true);
        bundles.addComponentColumn(b -> {
            Button toggle = new Button(b.active() ? Tr.t("ui.admin.stop") : Tr.t("ui.admin.start"), e -> toggle(b));
            toggle.setId((b.active() ? "bundle-stop-" : "bundle-start-") + b.symbolicName());
            toggle.addThemeVariants(ButtonVariant.LUMO_SMALL);
            toggle.getElement().setAttribute("aria-label", toggle.getText() + " " + b.symbolicName());
            Button remove = new Button(Tr.t("ui.admin.uninstall"), e -> confirmation.ask(
                    Tr.t("ui.admin.uninstall.confirmBundle", b.symbolicName() + " " + b.version()),
                    Tr.t("ui.admin.uninstall"), () -> uninstall(b.id(), b.symbolicName() + " " + b.version())));
            remove.setId("bundle-uninstall-" + b.symbolicName());
            remove.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
            remove.getElement().setAttribute("aria-label", Tr.t("ui.admin.uninstall") + " " + b.symbolicName());
            Div actions = new Div(toggle, remove);
            actions.addClassName("sg-row-actions");
            return actions;
        }).setHeader(Tr.t("ui.admin.col.actions")).setAutoWidth(true);
        bundles.setAllRowsVisible(true);
    }

    private Div deployForm() {
        upload.setId("bundle-upload");
        upload.setMaxFiles(1);
        upload.setAcceptedFileTypes(".jar", "application/java-archive", "application/zip");
        upload.setDropLabel(new Span(Tr.t("ui.admin.deploy.drop")));
        upload.setUploadHandler(new BundleUploadHandler());
        // Refused in the browser before sending (type, or size when the limit fits the browser's int): the page
        // shows the same message as when the server refuses it.
        upload.addFileRejectedListener(e -> say("error", e.getErrorMessage()));
        Span limit = new Span();
        limit.setId("bundle-upload-limit");
        limit.addClassName("sg-hint");
        limit.setText(Tr.t("ui.admin.deploy.limit", UploadedFiles.megabytes(limit())));

        path.setId("bundle-path");
        path.setPlaceholder("/opt/skingpt/incoming/model-1.0.1.jar");
        path.setHelperText(Tr.t("ui.admin.deploy.pathHelp"));
        path.setWidth("32em");
        Button check = new Button(Tr.t("ui.admin.deploy.check"), e -> checkPath());
        check.setId("bundle-path-check");
        Div byPath = new Div(path, check);
        byPath.addClassName("sg-token-form");

        preview.setId("deploy-preview");
        preview.addClassName("sg-facts");
        preview.setVisible(false);
        return new Div(new Paragraph(Tr.t("ui.admin.deploy.what")), upload, limit, byPath);
    }

    private UploadI18N uploadTexts() {
        UploadI18N i18n = new UploadI18N();
        i18n.setAddFiles(new UploadI18N.AddFiles().setOne(Tr.t("ui.admin.deploy.choose")).setMany(Tr.t("ui.admin.deploy.choose")));
        i18n.setDropFiles(new UploadI18N.DropFiles().setOne(Tr.t("ui.upload.dropOne")).setMany(Tr.t("ui.upload.dropMany")));
        i18n.setError(new UploadI18N.Error()
                .setFileIsTooBig(Tr.t("ui.admin.refused.tooLarge", UploadedFiles.megabytes(limit())))
                .setIncorrectFileType(Tr.t("ui.admin.refused.notJarType"))
                .setTooManyFiles(Tr.t("ui.upload.tooMany", 1)));
        i18n.setFile(new UploadI18N.File().setRetry(Tr.t("ui.upload.retry")).setStart(Tr.t("ui.upload.startFile"))
                .setRemove(Tr.t("ui.upload.remove")));
        i18n.setUnits(new UploadI18N.Units(List.of("B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB")));
        return i18n;
    }

    private long limit() {
        return backend.admin().map(AdminServices::uploadLimitBytes).orElse(0L);
    }

    /** The view may be built before sign-in (the guard runs after it): who it is for is decided here. */
    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        if (!CurrentUser.get().map(Roles::isAdmin).orElse(false)) {
            adminPart.removeFromParent();
            say("info", Tr.t("ui.admin.adminsOnly"));
            add(message);
            return;
        }
        if (adminPart.getParent().isEmpty()) {
            add(adminPart);
        }
        if (backend.admin().isEmpty()) {
            say("error", Tr.t("ui.admin.unavailable"));
            return;
        }
        upload.setMaxFileSize((int) Math.min(Integer.MAX_VALUE, limit()));
        upload.setI18n(uploadTexts());
        refresh();
        UI ui = attachEvent.getUI();
        refresher = backend.scheduler().scheduleWithFixedDelay(() -> {
            try {
                ui.access(this::refresh);
            } catch (UIDetachedException e) {
                stopRefreshing();
            } catch (RuntimeException e) {
                LOG.debug("Models refresh failed", e);
            }
        }, REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        stopRefreshing();
        dropPending();
        super.onDetach(detachEvent);
    }

    private void stopRefreshing() {
        ScheduledFuture<?> r = refresher;
        refresher = null;
        if (r != null) {
            r.cancel(false);
        }
    }

    /**
     * Re-reads the platform; the grids are re-rendered only when something changed, so that keyboard focus on a
     * row's button is not lost to the timer.
     */
    private void refresh() {
        Optional<AdminServices> admin = backend.admin();
        if (admin.isEmpty()) {
            return;
        }
        Optional<ModelCatalog> catalog = admin.get().models();
        Map<String, String> newPins = catalog.map(ModelCatalog::pins).orElse(Map.of());
        List<ModelInfo> newModels = catalog.map(ModelCatalog::models).orElse(List.of());
        // Open consultations are shown only for a draining model; counting them for the others would re-render
        // every row (and drop a click on a replaced button) each time a clinician opens or closes a consultation.
        List<Integer> open = newModels.stream()
                .map(m -> m.state() == ModelState.DRAINING ? catalog.get().inFlight(m.bundleId()) : -1).toList();
        List<Object> modelsShown = List.of(newModels, newPins, open);
        if (!modelsShown.equals(lastModels)) {
            lastModels = modelsShown;
            pins = newPins;
            models.setItems(newModels);
        }
        List<SwappableBundle> newBundles = admin.get().bundles().list().stream()
                .filter(b -> b.kind() != org.skingpt.console.internal.admin.BundleKind.MODEL).toList();
        if (!newBundles.equals(lastBundles)) {
            lastBundles = newBundles;
            bundles.setItems(newBundles);
        }
    }

    private transient List<Object> lastModels;
    private transient List<SwappableBundle> lastBundles;

    private String stateText(ModelInfo m) {
        String state = Tr.t("ui.admin.state." + m.state().name().toLowerCase(Locale.ROOT));
        if (m.state() == ModelState.DRAINING) {
            int open = backend.admin().flatMap(AdminServices::models).map(c -> c.inFlight(m.bundleId())).orElse(0);
            return Tr.t("ui.admin.state.drainingOpen", state, open);
        }
        return state;
    }

    private String servingText(ModelInfo m) {
        boolean pinned = m.version().equals(pins.get(m.name()));
        if (m.active() && pinned) {
            return Tr.t("ui.admin.serving.activePinned");
        }
        return m.active() ? Tr.t("ui.admin.serving.active") : pinned ? Tr.t("ui.admin.serving.pinned") : "";
    }

    private String sizeText(ModelInfo m) {
        long bytes = backend.admin().map(a -> a.bundles().contentBytes(m.bundleId())).orElse(-1L);
        return bytes < 0 ? "" : String.format(Tr.locale(), "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    /** Ids of a model's cells: name and version, which the admin (and a test) knows, rather than the bundle id. */
    static String key(ModelInfo m) {
        return m.name() + "-" + m.version();
    }

    // --- deploying ------------------------------------------------------------------------------------------

    /** Streams the upload into a file under the data folder, checks it, and offers it for confirmation. */
    private final class BundleUploadHandler implements UploadHandler {
        private static final long serialVersionUID = 1L;

        @Override
        public void handleUploadRequest(UploadEvent event) throws java.io.IOException {
            UI ui = event.getUI();
            Optional<AdminServices> admin = backend.admin();
            if (admin.isEmpty()) {
                return;
            }
            BundleCandidate candidate = null;
            Refusal refusal = null;
            Path stored = null;
            try {
                stored = admin.get().uploads().receive(event.getInputStream(), admin.get().uploadLimitBytes());
                candidate = BundleInspector.inspect(stored, true);
            } catch (Refusal r) {
                refusal = r;
                if (stored != null) {
                    java.nio.file.Files.deleteIfExists(stored);
                }
            }
            BundleCandidate c = candidate;
            Refusal r = refusal;
            String file = event.getFileName();
            ui.access(() -> {
                upload.clearFileList();
                if (c != null) {
                    offer(c, file);
                } else {
                    refuse(r);
                }
            });
        }
    }

    private void checkPath() {
        String value = path.getValue() == null ? "" : path.getValue().strip();
        Path p;
        try {
            p = Paths.get(value);
        } catch (java.nio.file.InvalidPathException e) {
            refuse(new Refusal("ui.admin.refused.badPath", value));
            return;
        }
        if (value.isEmpty() || !p.isAbsolute()) {
            refuse(new Refusal("ui.admin.refused.badPath", value));
            return;
        }
        try {
            offer(BundleInspector.inspect(p.normalize(), false), p.getFileName().toString());
        } catch (Refusal r) {
            refuse(r);
        }
    }

    /** Shows what the jar is, with its SHA-256, and waits for the admin's yes. */
    private void offer(BundleCandidate c, String fileName) {
        dropPending();
        pending = c;
        preview.removeAll();
        preview.add(new H3(Tr.t("ui.admin.preview.heading")));
        preview.add(fact(Tr.t("ui.admin.preview.file"), "preview-file", fileName));
        preview.add(fact(Tr.t("ui.admin.preview.kind"), "preview-kind",
                Tr.t("ui.admin.kind." + c.kind().name().toLowerCase(Locale.ROOT))));
        preview.add(fact(Tr.t("ui.admin.preview.bsn"), "preview-bsn", c.symbolicName()));
        preview.add(fact(Tr.t("ui.admin.preview.version"), "preview-version", c.version()));
        preview.add(fact(Tr.t("ui.admin.preview.header"), "preview-header", c.headerLine()));
        if (!c.modelName().isEmpty()) {
            preview.add(fact(Tr.t("ui.admin.preview.model"), "preview-model", c.modelName() + "@" + c.modelVersion()));
        }
        preview.add(fact(Tr.t("ui.admin.preview.size"), "preview-size", String.format(Tr.locale(), "%,d B", c.size())));
        preview.add(fact(Tr.t("ui.admin.preview.sha256"), "preview-sha256", c.sha256()));
        Button install = new Button(Tr.t("ui.admin.preview.install"), e -> deploy());
        install.setId("deploy-confirm");
        install.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button(Tr.t("ui.admin.confirm.cancel"), e -> {
            dropPending();
            say("info", Tr.t("ui.admin.preview.dropped"));
        });
        cancel.setId("deploy-cancel");
        preview.add(new Div(install, cancel));
        preview.setVisible(true);
        message.setVisible(false);
        install.focus();
    }

    private static Div fact(String label, String id, String value) {
        Span v = new Span(value);
        v.setId(id);
        return ViewParts.fact(label, v);
    }

    private void deploy() {
        BundleCandidate c = pending;
        Optional<AdminServices> admin = backend.admin();
        Optional<AuthenticatedUser> user = CurrentUser.get().filter(Roles::isAdmin);
        if (c == null || admin.isEmpty() || user.isEmpty()) {
            return;
        }
        try {
            long id = admin.get().bundles().deploy(c, user.get().name(), CurrentUser.remoteAddress());
            say("info", Tr.t("ui.admin.deployed", c.symbolicName(), c.version(), id));
        } catch (Refusal r) {
            refuse(r);
        } finally {
            dropPending();
            refreshAll();
        }
    }

    private void dropPending() {
        BundleCandidate c = pending;
        pending = null;
        preview.removeAll();
        preview.setVisible(false);
        backend.admin().ifPresent(a -> a.uploads().discard(c));
    }

    // --- actions on what is installed -----------------------------------------------------------------------

    private void pin(ModelInfo m, boolean pin) {
        Optional<ModelCatalog> catalog = backend.admin().flatMap(AdminServices::models);
        Optional<AuthenticatedUser> user = CurrentUser.get().filter(Roles::isAdmin);
        if (catalog.isEmpty() || user.isEmpty()) {
            return;
        }
        try {
            catalog.get().pin(m.name(), pin ? m.version() : null);
            Audit.modelPinned(user.get().name(), m.name(), pin ? m.version() : null, m.sha256(), CurrentUser.remoteAddress());
            say("info", pin ? Tr.t("ui.admin.pinned", m.name(), m.version()) : Tr.t("ui.admin.unpinned", m.name()));
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            say("error", e.getMessage());
        }
        // Config Admin delivers the new pin to the extender asynchronously; the timer shows it a moment later.
        refreshAll();
    }

    private void uninstall(long bundleId, String what) {
        Optional<AdminServices> admin = backend.admin();
        Optional<AuthenticatedUser> user = CurrentUser.get().filter(Roles::isAdmin);
        if (admin.isEmpty() || user.isEmpty()) {
            return;
        }
        int open = admin.get().models().map(c -> c.inFlight(bundleId)).orElse(0);
        try {
            admin.get().bundles().uninstall(bundleId, user.get().name(), CurrentUser.remoteAddress());
            say("info", Tr.t("ui.admin.uninstalled", what, open));
        } catch (Refusal r) {
            refuse(r);
        }
        refreshAll();
    }

    private void toggle(SwappableBundle b) {
        Optional<AdminServices> admin = backend.admin();
        Optional<AuthenticatedUser> user = CurrentUser.get().filter(Roles::isAdmin);
        if (admin.isEmpty() || user.isEmpty()) {
            return;
        }
        try {
            if (b.active()) {
                admin.get().bundles().stop(b.id(), user.get().name(), CurrentUser.remoteAddress());
                say("info", Tr.t("ui.admin.stopped", b.symbolicName()));
            } else {
                admin.get().bundles().start(b.id(), user.get().name(), CurrentUser.remoteAddress());
                say("info", Tr.t("ui.admin.started", b.symbolicName()));
            }
        } catch (Refusal r) {
            refuse(r);
        }
        refreshAll();
    }

    /** After an action the grids show the new state at once, changed or not. */
    private void refreshAll() {
        lastModels = null;
        lastBundles = null;
        refresh();
    }

    private void refuse(Refusal r) {
        say("error", Tr.t(r.key(), r.args()));
    }

    private void say(String kind, String text) {
        message.setText(text);
        message.getElement().setAttribute("data-kind", kind);
        message.setVisible(true);
    }

    @Override
    public String getPageTitle() {
        return Tr.t("ui.title.models");
    }
}
