/**
 * Training the demo model's tokenizer: a deterministic byte-fallback BPE trainer that writes a
 * Hugging Face {@code tokenizer.json} in the Llama / SentencePiece layout the inference bundle
 * already loads.
 */
package org.skingpt.training.tokenizer;
