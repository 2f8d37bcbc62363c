/**
 * Tensor building blocks shared by the model architectures: safetensors weights (F32, F16, BF16)
 * looked up by their public parameter names, and the layers both the vision and the language side
 * use. Built on DJL's NDArray API; no engine-specific code.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package org.skingpt.nn;
