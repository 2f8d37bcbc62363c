/**
 * Locale bundles: the prompt templates, report wording and user-facing messages of one language.
 * They are plain services; installing one makes its language available at once.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package org.skingpt.api.templates;
