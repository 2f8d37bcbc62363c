package org.skingpt.console.internal;

import com.vaadin.flow.server.VaadinService;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.skingpt.api.consultation.ConsultationService;
import org.skingpt.api.report.ReportFormatInfo;
import org.skingpt.api.templates.PromptTemplates;
import org.skingpt.api.record.ClinicalRecord;
import org.skingpt.runtime.InferenceRuntime;
import org.skingpt.console.internal.security.JaasAuthenticator;
import org.skingpt.console.internal.status.BundleRow;

/**
 * What the console's views need from OSGi. Vaadin creates views itself (not DS), so they reach
 * this through the Vaadin service: {@link #current()}.
 */
public interface ConsoleBackend {

    /** Current, validated settings. */
    ConsoleSettings settings();

    /** The inference engine, if it is registered. */
    Optional<InferenceRuntime> inferenceRuntime();

    /** The clinical record, if its bundle is running (whether its database answers: {@code status()}). */
    Optional<ClinicalRecord> clinicalRecord();

    /** SkinGPT bundles and their states. */
    List<BundleRow> skingptBundles();

    /** Signs users in. */
    JaasAuthenticator authenticator();

    /** Background timer for view refreshes; tasks must push through {@code UI.access}. */
    ScheduledExecutorService scheduler();

    /** Versions of the platform, for the About page. */
    Versions versions();

    /** The consultation service, if it is registered. */
    Optional<ConsultationService> consultations();

    /** Report formats registered now, one per format id, ordered by it (read from the renderers' service properties). */
    List<ReportFormatInfo> reportFormats();

    /** Languages whose locale bundle is installed now, one per language (the highest ranked). */
    List<PromptTemplates> locales();

    /**
     * Threads that run consultations for the console's pages (bounded: when all are taken the task
     * is refused and the page says "busy").
     */
    ExecutorService consultationWorkers();

    /** API tokens for hospital systems (kept by the clinical record's store), if it is running. */
    default Optional<org.skingpt.api.access.ApiTokens> apiTokens() {
        return Optional.empty();
    }

    /** The audit trail (kept by the clinical record's store), if it is running. */
    default Optional<org.skingpt.api.record.AuditTrail> auditTrail() {
        return Optional.empty();
    }

    /** The consultations the console's pages hold open on this server (a reloaded page reattaches to its own). */
    org.skingpt.console.internal.ui.LiveConsultations liveConsultations();

    /** Review studies (kept by the clinical record's store), if it is running. */
    default Optional<org.skingpt.api.review.ReviewStudies> reviewStudies() {
        return Optional.empty();
    }

    /** Models, bundles and accounts for the admin pages, if their component runs. */
    default Optional<org.skingpt.console.internal.admin.AdminServices> admin() {
        return Optional.empty();
    }

    /** The console language each user chose. */
    default org.skingpt.console.internal.i18n.LanguagePreferences languagePreferences() {
        return NO_PREFERENCES;
    }

    /** Choices kept in memory only (a backend without a data area). */
    org.skingpt.console.internal.i18n.LanguagePreferences NO_PREFERENCES =
            new org.skingpt.console.internal.i18n.LanguagePreferences(null);

    /**
     * The backend of the console that serves the current request (or the current
     * {@code UI.access} task).
     *
     * @throws IllegalStateException outside a console request
     */

    static ConsoleBackend current() {
        VaadinService service = VaadinService.getCurrent();
        if (service instanceof ConsoleServletService console) {
            return console.backend();
        }
        throw new IllegalStateException("Not inside a SkinGPT console request");
    }
}
