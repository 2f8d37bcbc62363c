package org.skingpt.rest.internal;

import java.util.List;

import org.skingpt.api.access.ApiTokens;
import org.skingpt.api.consultation.ConsultationService;
import org.skingpt.api.model.ModelCatalog;
import org.skingpt.api.record.AuditTrail;
import org.skingpt.api.record.ClinicalRecord;
import org.skingpt.api.record.NodeRegistry;
import org.skingpt.api.report.ReportFormatInfo;
import org.skingpt.runtime.InferenceRuntime;
import org.skingpt.api.templates.PromptTemplates;

/**
 * The platform services the API calls, each null while its bundle is absent or restarting (the API then
 * answers 503 and names what is missing, instead of disappearing).
 */
interface ApiServices {

    ConsultationService consultations();

    ApiTokens tokens();

    AuditTrail audit();

    ClinicalRecord record();

    NodeRegistry nodes();

    ModelCatalog models();

    InferenceRuntime runtime();

    /** The report formats of the registered renderers (from their service properties), ordered by format id. */
    List<ReportFormatInfo> renderers();

    List<PromptTemplates> locales();
}
