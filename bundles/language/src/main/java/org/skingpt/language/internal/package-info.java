/**
 * Llama-family decoder on DJL NDArrays: configuration, weights, KV cache, sampler, streaming
 * detokenization and the {@link org.skingpt.api.inference.LanguageModel} built from them.
 *
 * <p>Internal: not exported. Other bundles use the language model only through the API contracts.
 */
package org.skingpt.language.internal;
