/**
 * What a model is, independent of how it runs: its descriptor (name, version, kind,
 * architecture, hyper-parameters, weights and their checksums, intended use) and its life-cycle
 * state inside the platform.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.3.0")
package org.skingpt.api.model;
