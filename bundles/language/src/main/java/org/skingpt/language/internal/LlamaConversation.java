package org.skingpt.language.internal;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.skingpt.api.inference.ContextOverflowException;
import org.skingpt.api.inference.Conversation;
import org.skingpt.api.inference.GenerationListener;
import org.skingpt.api.inference.GenerationResult;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.inference.ImageEmbedding;
import org.skingpt.api.inference.PromptPart;
import org.skingpt.api.inference.StopReason;

/**
 * A dialogue with a {@link LlamaModel} whose KV cache is kept between turns, so a follow-up costs
 * only its own tokens.
 *
 * <p><b>What the model sees.</b> The first turn starts with the beginning-of-sequence token (when
 * the model has one). Each text part is tokenized on its own, without special tokens, and each
 * image part's visual tokens are placed exactly where the part stands, so several images work.
 * Every generated token stays in the conversation, including a final end-of-sequence token and the
 * tokens of a stop string (which is kept out of the answer text only): the next turn continues
 * from what the model really produced. The last generated token is processed at the start of the
 * next turn rather than at the end of this one, which saves a forward pass for answers that are
 * never continued.
 *
 * <p><b>Context policy.</b> A turn is refused with {@link ContextOverflowException}, and nothing
 * is appended, when the positions used so far plus the new prompt plus
 * {@code settings.maxNewTokens()} exceed the context length. Earlier turns and images are never
 * dropped to make room: a silently forgotten image would make the answer about something else.
 *
 * <p>Not thread-safe (calls are serialised): one turn at a time. After an unexpected failure in
 * the middle of a turn (not a refusal) the conversation is unusable and says so.
 */
final class LlamaConversation implements Conversation {

    /** Refused samples per token after which the remaining tokens are tried in order of likelihood. */
    static final int SAMPLED_REFUSALS = 32;

    private final LlamaConfig config;
    private final LlamaTokenizer tokenizer;
    private final Decoder.Session session;
    private final Sampler sampler = new Sampler();
    /** Text tokens of the conversation so far, for the repetition penalty. */
    private final BitSet seen = new BitSet();
    /** Last generated token, not yet run through the model; -1 when none. */
    private long pending = -1;
    private boolean broken;
    private boolean closed;

    LlamaConversation(Decoder decoder, LlamaTokenizer tokenizer) {
        this.config = decoder.config();
        this.tokenizer = tokenizer;
        this.session = decoder.open();
    }

    @Override
    public synchronized GenerationResult generate(Iterable<PromptPart> prompt, GenerationSettings settings,
                                                  GenerationListener listener) {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(listener, "listener");
        if (closed) {
            throw new IllegalStateException("the conversation is closed");
        }
        if (broken) {
            throw new IllegalStateException("an earlier turn failed half-way; start a new conversation");
        }
        long started = System.nanoTime();
        List<PromptSegment> segments = segments(prompt);
        int promptPositions = segments.stream().mapToInt(PromptSegment::positions).sum();
        if (pending >= 0) {
            segments.add(0, new PromptSegment(new long[] {pending}));
        }
        int needed = positionsUsed() + promptPositions + settings.maxNewTokens();
        if (needed > contextLength()) {
            throw new ContextOverflowException(needed, contextLength());
        }
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("the prompt is empty and there is nothing to continue");
        }
        try {
            session.reserve(needed);
            try {
                return run(segments, promptPositions, settings, listener, started);
            } finally {
                session.endTurn();
            }
        } catch (RuntimeException | Error e) {
            broken = true;
            throw e;
        }
    }

    @Override
    public synchronized void append(Iterable<PromptPart> parts) {
        Objects.requireNonNull(parts, "parts");
        if (closed) {
            throw new IllegalStateException("the conversation is closed");
        }
        if (broken) {
            throw new IllegalStateException("an earlier turn failed half-way; start a new conversation");
        }
        if (!parts.iterator().hasNext()) {
            // Nothing read, nothing changes: in particular no BOS, so that the first real turn is still the first
            // (a consultation read back before any answer must still carry its images).
            return;
        }
        List<PromptSegment> segments = segments(parts);
        int positions = segments.stream().mapToInt(PromptSegment::positions).sum();
        if (pending >= 0) {
            segments.add(0, new PromptSegment(new long[] {pending}));
        }
        int needed = positionsUsed() + positions;
        if (needed > contextLength()) {
            throw new ContextOverflowException(needed, contextLength());
        }
        if (segments.isEmpty()) {
            return;
        }
        try {
            session.reserve(needed);
            markSeen(segments);
            pending = -1;
            prefill(segments); // the logits are not needed: nothing is generated
        } catch (RuntimeException | Error e) {
            broken = true;
            throw e;
        }
    }

    private void markSeen(List<PromptSegment> segments) {
        for (PromptSegment s : segments) {
            if (s.ids() != null) {
                for (long id : s.ids()) {
                    seen.set((int) id);
                }
            }
        }
    }

    /** Tokenizes and checks every part before anything is appended. */
    private List<PromptSegment> segments(Iterable<PromptPart> prompt) {
        List<PromptSegment> segments = new ArrayList<>();
        int bos = config.bosTokenId();
        if (positionsUsed() == 0 && bos >= 0) {
            segments.add(new PromptSegment(new long[] {bos}));
        }
        int width = config.hiddenSize();
        for (PromptPart part : prompt) {
            Objects.requireNonNull(part, "prompt part");
            if (part instanceof PromptPart.Text text) {
                long[] ids = tokenizer.encode(text.text());
                for (long id : ids) {
                    if (id >= config.vocabSize()) {
                        throw new IllegalArgumentException("the tokenizer produced token id " + id + " but the model has "
                                + config.vocabSize() + " tokens; tokenizer and model do not belong together");
                    }
                }
                if (ids.length > 0) {
                    segments.add(new PromptSegment(ids));
                }
            } else if (part instanceof PromptPart.Image image) {
                ImageEmbedding embedding = image.embedding();
                if (embedding.width() != width) {
                    throw new IllegalArgumentException("image embedding width " + embedding.width()
                            + " does not match the language model's embedding width " + width
                            + "; the image encoder and the language model do not belong together");
                }
                int tokens = embedding.tokens();
                float[] values = embedding.toArray();
                if (tokens < 1 || values.length != (long) tokens * width) {
                    throw new IllegalArgumentException("image embedding must hold tokens x width values (" + tokens + " x "
                            + width + "), got " + values.length);
                }
                segments.add(new PromptSegment(null, values, tokens));
            }
        }
        return segments;
    }

    private GenerationResult run(List<PromptSegment> segments, int promptPositions, GenerationSettings settings,
                                 GenerationListener listener, long started) {
        markSeen(segments);
        pending = -1;
        float[] logits = prefill(segments);

        LlamaTokenizer.StreamingDecoder decoder = tokenizer.streamingDecoder();
        StopStringFilter filter = new StopStringFilter(settings.stopStrings());
        SplittableRandom random = new SplittableRandom(settings.seed());
        List<Integer> eos = config.eosTokenIds();
        StringBuilder answer = new StringBuilder();
        PhraseGuard guard = PhraseGuard.of(settings.consistency());
        StringBuilder produced = new StringBuilder(); // all decoded text, stop strings included: what the guard reads
        int generated = 0;
        int largestBatch = 0;
        long firstToken = 0;
        StopReason reason;
        while (true) {
            if (listener.isCancelled()) {
                reason = StopReason.CANCELLED;
                break;
            }
            int token = guard == null ? sampler.sample(logits, seen, settings, random)
                    : guardedSample(logits, settings, random, guard, decoder, produced, eos);
            if (++generated == 1) {
                firstToken = System.nanoTime();
            }
            seen.set(token);
            pending = token;
            if (eos.contains(token)) {
                reason = StopReason.END_OF_SEQUENCE;
                break;
            }
            String piece = decoder.next(token);
            produced.append(piece);
            emit(filter.accept(piece), answer, listener);
            if (filter.stopped()) {
                reason = StopReason.STOP_STRING;
                break;
            }
            if (generated == settings.maxNewTokens()) {
                reason = StopReason.MAX_TOKENS;
                break;
            }
            logits = session.step(token);
            largestBatch = Math.max(largestBatch, session.lastStepBatch());
            pending = -1;
        }
        if (reason != StopReason.STOP_STRING) {
            // An incomplete character held by the decoder still counts, and may complete a stop string.
            String rest = decoder.flush();
            emit(rest.isEmpty() ? "" : filter.accept(rest), answer, listener);
            if (filter.stopped()) {
                reason = StopReason.STOP_STRING;
            } else {
                emit(filter.flush(), answer, listener);
            }
        }
        long end = System.nanoTime();
        long prefillNanos = (firstToken > 0 ? firstToken : end) - started;
        long decodeNanos = firstToken > 0 ? end - firstToken : 0;
        return new GenerationResult(answer.toString(), promptPositions, generated, reason, prefillNanos, decodeNanos,
                largestBatch);
    }

    /**
     * Samples a token that does not begin a phrase the consistency constraint refuses: a refused token is
     * taken out of the distribution and the sampler asked again (the same way for greedy and sampled
     * answers, so seeds still reproduce). After {@link #SAMPLED_REFUSALS} refusals the remaining tokens are
     * tried from the most likely down (a statement may have to go on with a character the model ranks far
     * down, the "." of "2.5 mm"); when no token at all is allowed, the constraint gives way to the model's
     * first choice.
     */
    private int guardedSample(float[] logits, GenerationSettings settings, SplittableRandom random, PhraseGuard guard,
                              LlamaTokenizer.StreamingDecoder decoder, CharSequence produced, List<Integer> eos) {
        float[] raw = logits.clone(); // the sampler changes logits in place (penalty)
        int first = -1;
        for (int refusals = 0; refusals < SAMPLED_REFUSALS; refusals++) {
            int token = sampler.sample(logits, seen, settings, random);
            if (first < 0) {
                first = token;
            }
            if (acceptable(token, guard, decoder, produced, eos)) {
                return token;
            }
            raw[token] = Float.NEGATIVE_INFINITY;
            System.arraycopy(raw, 0, logits, 0, raw.length);
        }
        Integer[] order = new Integer[raw.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(raw[b], raw[a]));
        for (int token : order) {
            if (raw[token] == Float.NEGATIVE_INFINITY) {
                break; // refused above, or impossible
            }
            if (acceptable(token, guard, decoder, produced, eos)) {
                return token;
            }
        }
        return first;
    }

    /** End of sequence where the answer may end; any other token where the text it adds is allowed. */
    private static boolean acceptable(int token, PhraseGuard guard, LlamaTokenizer.StreamingDecoder decoder,
                                      CharSequence produced, List<Integer> eos) {
        return eos.contains(token) ? guard.mayEnd(produced) : guard.allows(produced, decoder.peek(token));
    }

    private static void emit(String piece, StringBuilder answer, GenerationListener listener) {
        if (!piece.isEmpty()) {
            answer.append(piece);
            listener.onText(piece);
        }
    }

    private float[] prefill(List<PromptSegment> segments) {
        return session.prefill(segments);
    }

    @Override
    public synchronized int positionsUsed() {
        return session.length() + (pending >= 0 ? 1 : 0);
    }

    @Override
    public int contextLength() {
        return config.contextLength();
    }

    /**
     * The sub-manager of the model's manager that holds this conversation's arrays; closed with it (for
     * tests of the libtorch path).
     */
    NDManager manager() {
        return ((DjlDecoder.DjlSession) session).manager();
    }

    /** Frees the KV cache. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            session.close();
        }
    }
}
