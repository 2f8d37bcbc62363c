/**
 * Consultations: a photo and a question in, a streamed structured answer out, every answer
 * traceable to the exact models and bundles that produced it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.6.0")
package org.skingpt.api.consultation;
