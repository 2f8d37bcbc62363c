/**
 * Report formats: the integrators' extension point. A report bundle registers a
 * {@link org.skingpt.api.report.ReportRenderer} service with the format's service properties (declared with
 * {@link org.skingpt.api.report.ReportFormat}); the platform offers every registered format, reading
 * {@link org.skingpt.api.report.ReportFormatInfo} from the service registry.
 *
 * <p>1.0: the format's metadata moved from methods of {@code ReportRenderer} to service properties.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.skingpt.api.report;
