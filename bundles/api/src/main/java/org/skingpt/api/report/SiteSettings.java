package org.skingpt.api.report;

import java.time.ZoneId;
import java.util.Objects;

/**
 * Settings of the site (the hospital) that every report may print, configured once for the server with
 * Config Admin, PID {@value #PID} (file {@code etc/org.skingpt.site.cfg}), and handed to renderers by
 * {@link ReportContext#site()}.
 *
 * @param hospitalName the hospital's name as it should appear on documents; empty when not configured
 * @param department   the department (for example {@code Dermatology}); empty when not configured
 * @param timeZone     the time zone in which people read times on documents (instants in the record are UTC)
 * @since 0.3
 */
public record SiteSettings(String hospitalName, String department, ZoneId timeZone) {

    /** Configuration PID of the site settings. */
    public static final String PID = "org.skingpt.site";

    /** No hospital name or department, the server's time zone. */
    public static final SiteSettings DEFAULTS = new SiteSettings("", "", ZoneId.systemDefault());

    public SiteSettings {
        hospitalName = Objects.requireNonNullElse(hospitalName, "").strip();
        department = Objects.requireNonNullElse(department, "").strip();
        timeZone = Objects.requireNonNullElse(timeZone, ZoneId.systemDefault());
    }
}
