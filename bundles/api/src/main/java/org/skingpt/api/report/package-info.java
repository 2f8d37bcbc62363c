/**
 * Report formats: the integrators' extension point. A report bundle registers a
 * {@link org.skingpt.api.report.ReportRenderer} service; the platform offers every registered format.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.3.0")
package org.skingpt.api.report;
