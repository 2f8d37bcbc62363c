package org.skingpt.console.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the web console, PID {@value #PID} (file {@code etc/org.skingpt.console.cfg}). */
@ObjectClassDefinition(
        id = ConsoleConfig.PID,
        name = "SkinGPT console",
        description = "Sign-in and session settings of the SkinGPT web console.")
public @interface ConsoleConfig {

    /** Configuration PID. */
    String PID = "org.skingpt.console";

    @AttributeDefinition(
            name = "JAAS realm",
            description = "Karaf JAAS realm the console authenticates against.")
    String realm() default ConsoleSettings.DEFAULT_REALM;

    @AttributeDefinition(
            name = "Allowed roles",
            description = "A user needs at least one of these roles to enter the console "
                    + "(several values, or one comma-separated value).")
    String[] allowedRoles() default {"clinician", "reviewer", "admin"};

    @AttributeDefinition(
            name = "Session timeout (minutes)",
            description = "Idle time after which a signed-in user must sign in again (1 to 1440).",
            min = "1",
            max = "1440")
    int sessionTimeoutMinutes() default ConsoleSettings.DEFAULT_SESSION_TIMEOUT_MINUTES;

    @AttributeDefinition(
            name = "Consultation roles",
            description = "Roles that may run consultations on the Consultation page (others among the allowed "
                    + "roles may only look); several values, or one comma-separated value.")
    String[] consultationRoles() default {"clinician", "admin"};

    @AttributeDefinition(
            name = "Bundle upload limit (MB)",
            description = "Largest model, locale or report bundle an admin may upload on the Models page (1 to 65536"
                    + " MB). Larger uploads are cut off and refused with a message; deploy those by server path.",
            min = "1",
            max = "65536")
    int bundleUploadMaxMegabytes() default 4096;
}
