package org.skingpt.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the demo model is: the hyper-parameters of its two model bundles (the tiny configuration of
 * the SkinGPT-4 architecture), the conversation template it is trained with, and the seeds that keep
 * training and evaluation data apart.
 *
 * <p>The template is the MiniGPT-4 / SkinGPT-4 one. The product's locale bundles must produce the
 * same text parts (the model only ever saw these), split at the image: part 1 is
 * {@code system + "###Human: <Img>"}, then the visual tokens, then {@code "</Img> " + question +
 * "###Assistant:"}; follow-up turns are {@code "###Human: " + question + "###Assistant:"}. Each text
 * part is tokenized on its own (the tokenizer prepends a word boundary to each).
 */
public final class DemoSpec {

    /** Names of the two model bundles. */
    public static final String ENCODER_NAME = "skingpt-demo-vision";
    public static final String DECODER_NAME = "skingpt-demo-llm";

    /** Base seed of the training images and texts. */
    public static final long TRAIN_SEED = 1_000L;
    /** Base seed of the held-out evaluation set: never used in training. */
    public static final long EVAL_SEED = 777_777L;
    /**
     * Base seed of the validation images the trainer reports the encoder's accuracy on after each step-0
     * cycle: neither trained on nor the evaluation set.
     */
    public static final long VALIDATION_SEED = 333_333L;
    /** Base seed of the step-0 text corpus (text only). */
    public static final long TEXT_SEED = 5_000L;

    /** Side the generator paints at (as the shipped samples); the encoder resizes, as at inference. */
    public static final int PAINT_SIZE = 224;

    public static final String HUMAN = "###Human: ";
    public static final String ASSISTANT = "###Assistant:";
    public static final String IMAGE_OPEN = "<Img>";
    public static final String IMAGE_CLOSE = "</Img> ";
    public static final List<String> STOP_STRINGS = List.of("###");

    public static final String INTENDED_USE = "SYNTHETIC DEMO MODEL - NOT FOR CLINICAL USE. Trained only on procedurally"
            + " generated images of 11 skin conditions and template texts, to demonstrate the platform without patient"
            + " data. Its answers are not medical advice and must never be used to diagnose or treat anyone.";

    private DemoSpec() {
    }

    /** The system prompt of a locale (English unless Chinese). */
    public static String systemPrompt(Locale locale) {
        if (isChinese(locale)) {
            return "给你以下图像：<Img>图像内容</Img>。你将在我提供图像后看到它。请回答我的问题。";
        }
        return "Give the following image: <Img>ImageContent</Img>. You will be able to see the image once I provide it"
                + " to you. Please answer my questions.";
    }

    public static boolean isChinese(Locale locale) {
        return locale != null && "zh".equals(locale.getLanguage());
    }

    /** Text before the visual tokens in the first turn. */
    public static String beforeImage(Locale locale) {
        return systemPrompt(locale) + HUMAN + IMAGE_OPEN;
    }

    /** Text after the visual tokens in the first turn. */
    public static String afterImage(String question) {
        return IMAGE_CLOSE + question + ASSISTANT;
    }

    /** A follow-up turn. */
    public static String followUp(String question) {
        return HUMAN + question + ASSISTANT;
    }

    /** Hyper-parameters of the image encoder ({@code minigpt4-vision}). */
    public static Map<String, Object> visionHyperParameters(int llmWidth) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image_size", 112);
        m.put("patch_size", 16);
        m.put("vit_width", 192);
        m.put("vit_depth", 4);
        m.put("vit_heads", 3);
        m.put("vit_mlp_width", 768);
        m.put("layer_norm_eps", 1e-6);
        m.put("ln_vision_eps", 1e-5);
        m.put("qformer_width", 192);
        m.put("qformer_layers", 2);
        m.put("qformer_heads", 3);
        m.put("qformer_intermediate", 768);
        m.put("qformer_layer_norm_eps", 1e-12);
        m.put("cross_attention_freq", 1);
        m.put("num_query_tokens", 16);
        m.put("projector", "linear");
        m.put("llm_width", llmWidth);
        return m;
    }

    /** Hyper-parameters of the language model ({@code llama}, Hugging Face names). */
    public static Map<String, Object> llamaHyperParameters(int vocabSize) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model_type", "llama");
        m.put("vocab_size", vocabSize);
        m.put("hidden_size", 256);
        m.put("intermediate_size", 688);
        m.put("num_hidden_layers", 4);
        m.put("num_attention_heads", 4);
        m.put("num_key_value_heads", 4);
        m.put("head_dim", 64);
        m.put("max_position_embeddings", 1024);
        m.put("rms_norm_eps", 1e-5);
        m.put("rope_theta", 10000.0);
        m.put("tie_word_embeddings", true);
        m.put("hidden_act", "silu");
        m.put("bos_token_id", 1);
        m.put("eos_token_id", 2);
        m.put("pad_token_id", 0);
        return m;
    }
}
