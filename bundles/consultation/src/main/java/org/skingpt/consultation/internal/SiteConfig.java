package org.skingpt.consultation.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.skingpt.api.report.SiteSettings;

/**
 * Settings of the site that every report may print, PID {@value #PID} (file {@code etc/org.skingpt.site.cfg}):
 * configured once for the server rather than in each report bundle, and handed to renderers by
 * {@code ReportContext.site()} and {@code ReportContext.clinicianDisplayName()}.
 */
@ObjectClassDefinition(id = SiteConfig.PID, name = "SkinGPT site",
        description = "The hospital's name, department and time zone, and the clinicians' display names, for reports.")
public @interface SiteConfig {

    String PID = SiteSettings.PID;

    @AttributeDefinition(name = "Hospital name", description = "As it should appear on documents; empty for none.")
    String hospitalName() default "";

    @AttributeDefinition(name = "Department", description = "For example Dermatology; empty for none.")
    String department() default "";

    @AttributeDefinition(name = "Time zone", description = "Time zone in which documents print times, for example"
            + " Europe/Zurich; empty for the server's.")
    String timeZone() default "";

    @AttributeDefinition(name = "Clinician display names", description = "One entry per clinician,"
            + " user=Display Name (for example jdoe=Dr. Jane Doe); users without an entry are shown by user name.")
    String[] clinicianNames() default {};
}
