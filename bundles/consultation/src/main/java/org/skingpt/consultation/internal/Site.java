package org.skingpt.consultation.internal;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.skingpt.api.report.SiteSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The site settings in force ({@link SiteConfig}), for the consultation service's report contexts. A
 * change applies to the next report.
 */
@Component(service = Site.class, configurationPid = SiteConfig.PID)
@Designate(ocd = SiteConfig.class)
public class Site {

    private static final Logger LOG = LoggerFactory.getLogger(Site.class);

    /** The settings and the display names, replaced as a whole on a configuration change. */
    private record State(SiteSettings settings, Map<String, String> clinicianNames) {
    }

    private volatile State state = new State(SiteSettings.DEFAULTS, Map.of());

    /** No configuration: the defaults. */
    Site() {
    }

    @Activate
    public Site(SiteConfig config) {
        configure(config);
    }

    @Modified
    void configure(SiteConfig config) {
        state = read(config);
    }

    static Site of(SiteConfig config) {
        Site s = new Site();
        s.configure(config);
        return s;
    }

    private static State read(SiteConfig config) {
        ZoneId zone = ZoneId.systemDefault();
        String tz = config.timeZone() == null ? "" : config.timeZone().strip();
        if (!tz.isEmpty()) {
            try {
                zone = ZoneId.of(tz);
            } catch (DateTimeException e) {
                LOG.error("Configuration {}: timeZone '{}' is not a time zone (for example Europe/Zurich); using the"
                        + " server's, {}", SiteConfig.PID, tz, zone);
            }
        }
        Map<String, String> names = new HashMap<>();
        for (String entry : config.clinicianNames() == null ? new String[0] : config.clinicianNames()) {
            int eq = entry == null ? -1 : entry.indexOf('=');
            if (eq <= 0 || entry.substring(eq + 1).isBlank()) {
                LOG.error("Configuration {}: clinicianNames entry without user=Display Name ignored", SiteConfig.PID);
                continue;
            }
            names.put(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
        }
        return new State(new SiteSettings(config.hospitalName(), config.department(), zone), Map.copyOf(names));
    }

    /** The site's settings. */
    SiteSettings settings() {
        return state.settings();
    }

    /** The display name configured for a user, or the user name itself. */
    String displayName(String user) {
        if (user == null || user.isEmpty()) {
            return "";
        }
        return state.clinicianNames().getOrDefault(user, user);
    }
}
