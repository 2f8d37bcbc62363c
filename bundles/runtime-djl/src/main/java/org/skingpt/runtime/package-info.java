/**
 * The inference runtime as seen by the rest of the platform: whether the tensor engine is up,
 * on which device, and with which native library. Consumers depend on {@link
 * org.skingpt.runtime.InferenceRuntime} being registered instead of on bundle start order.
 *
 * <p>Exported by the runtime bundle itself, not by {@code org.skingpt.api}: the runtime loads
 * libtorch once per JVM and must never be refreshed, so it imports no package of another SkinGPT
 * bundle. An update of the API (or of any other SkinGPT bundle) therefore cannot reach it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.skingpt.runtime;
