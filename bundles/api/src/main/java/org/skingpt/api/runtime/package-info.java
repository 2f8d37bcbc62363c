/**
 * The inference runtime as seen by the rest of the platform: whether the tensor engine is up,
 * on which device, and with which native library. Consumers depend on {@link
 * org.skingpt.api.runtime.InferenceRuntime} being registered instead of on bundle start order.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package org.skingpt.api.runtime;
