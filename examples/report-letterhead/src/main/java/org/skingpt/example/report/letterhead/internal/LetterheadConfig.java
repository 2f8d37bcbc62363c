package org.skingpt.example.report.letterhead.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The letterhead, PID {@value #PID} (file {@code etc/org.skingpt.example.report.letterhead.cfg}, or
 * {@code config:edit org.skingpt.example.report.letterhead} in the Karaf shell). Unconfigured, the defaults apply.
 */
@ObjectClassDefinition(
        id = LetterheadConfig.PID,
        name = "Letterhead report (example)",
        description = "The hospital letterhead printed at the top of the letterhead-html report.")
public @interface LetterheadConfig {

    /** Configuration PID. */
    String PID = "org.skingpt.example.report.letterhead";

    @AttributeDefinition(name = "Hospital name")
    String hospitalName() default "Hospital";

    @AttributeDefinition(name = "Department")
    String department() default "Department of Dermatology";

    @AttributeDefinition(
            name = "Address",
            description = "Postal address; separate lines with '|' (for example Main Street 1|8000 Zurich).",
            required = false)
    String address() default "";
}
