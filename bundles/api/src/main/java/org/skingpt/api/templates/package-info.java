/**
 * Locale bundles: the prompt templates, report wording and user-facing messages of one language.
 * They are plain services; installing one makes its language available at once. The manifest header of a
 * locale bundle and the service properties of its services are constants of
 * {@link org.skingpt.api.templates.PromptTemplates} (0.3).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.4.0")
package org.skingpt.api.templates;
