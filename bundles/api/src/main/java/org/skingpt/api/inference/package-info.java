/**
 * The two model services a consultation runs on: an {@link org.skingpt.api.inference.ImageEncoder}
 * that turns a photo into visual tokens, and a {@link org.skingpt.api.inference.LanguageModel}
 * that answers a prompt mixing text and those tokens, streaming its answer.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.4.0")
package org.skingpt.api.inference;
