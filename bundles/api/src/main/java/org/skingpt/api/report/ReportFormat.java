package org.skingpt.api.report;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type of a {@link ReportRenderer}: put it beside {@code @Component} and the build (bnd)
 * writes the renderer's service properties {@value ReportRenderer#FORMAT}, {@value ReportRenderer#DISPLAY_NAME},
 * {@value ReportRenderer#MEDIA_TYPE} and {@value ReportRenderer#FILE_EXTENSION} into the component description.
 * <pre>
 * &#64;Component(service = ReportRenderer.class)
 * &#64;ReportFormat(format = "patient-pdf", displayName = "Patient report (PDF)", mediaType = "application/pdf",
 *         fileExtension = "pdf")
 * </pre>
 *
 * @since 1.0
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ReportFormat {

    /** Prefix of the property names (the Declarative Services rule for component property types). */
    String PREFIX_ = "skingpt.report.";

    /** {@value ReportRenderer#FORMAT}: the format's stable identifier, for example {@code patient-html}. */
    String format();

    /** {@value ReportRenderer#DISPLAY_NAME}: the format's human-readable name. */
    String displayName();

    /** {@value ReportRenderer#MEDIA_TYPE}: the media type of the rendered bytes, for example {@code text/html}. */
    String mediaType();

    /** {@value ReportRenderer#FILE_EXTENSION}: the file name extension without the dot; none by default. */
    String fileExtension() default "";
}
