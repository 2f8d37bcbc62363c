package org.skingpt.language.internal;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
            GenerationResult result;
            try {
                result = run(segments, promptPositions, settings, listener, started);
            } finally {
                session.endTurn();
            }
            holdAsRead();
            return result;
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

    /** What the last turn wrote, to hold it as its text reads back ({@link #holdAsRead}). */
    private record ReadBack(int answerStart, List<Long> said, String text, StopReason reason, String stop) {
    }

    private ReadBack readBack;

    /** Answers whose tokens were replaced by their text's own tokens (for tests). */
    static final java.util.concurrent.atomic.AtomicLong HELD_AS_READ = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Makes the conversation hold the last answer as its text reads back: the tokenizer's own tokens of the text
     * (with the stop string that ended it, and the end-of-sequence token when the model ended it), which is what a
     * transcript read back with {@link #append} holds. The model may write a text in tokens the tokenizer would not
     * choose (kept by the consistency constraint from a token, it spells the word in smaller pieces); the next answer
     * would then depend on whether the consultation was reopened in between (after a restart, on another node).
     * When the tokens are the text's own (nearly always) nothing changes; otherwise the answer's positions are
     * rewound and its text read in again. The answer itself is unchanged.
     */
    private void holdAsRead() {
        ReadBack r = readBack;
        readBack = null;
        if (r == null || (r.reason() == StopReason.STOP_STRING && r.stop() == null)) {
            return;
        }
        List<Integer> eos = config.eosTokenIds();
        boolean endedByModel = r.reason() == StopReason.END_OF_SEQUENCE && !r.said().isEmpty();
        List<Long> kept = endedByModel ? r.said().subList(0, r.said().size() - 1) : r.said();
        long[] read = tokenizer.encode(r.text() + (r.stop() == null ? "" : r.stop()));
        boolean same = kept.size() == read.length
                && (!endedByModel || r.said().get(r.said().size() - 1) == (long) eos.get(0));
        for (int i = 0; same && i < read.length; i++) {
            same = kept.get(i) == read[i];
        }
        int needed = r.answerStart() + read.length + (endedByModel ? 1 : 0);
        if (same || needed > contextLength()) {
            return; // as read already, or it could not be read in: left as written
        }
        try {
            session.rewind(r.answerStart());
            pending = -1;
            if (read.length > 0) {
                session.reserve(needed);
                List<PromptSegment> segments = List.of(new PromptSegment(read));
                markSeen(segments);
                prefill(segments);
            }
            pending = endedByModel ? eos.get(0) : -1;
            HELD_AS_READ.incrementAndGet();
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
            } else if (part instanceof PromptPart.EndOfSequence) {
                List<Integer> eos = config.eosTokenIds();
                if (eos.isEmpty()) {
                    throw new IllegalArgumentException("the prompt holds an end-of-sequence token but the model has none");
                }
                segments.add(new PromptSegment(new long[] {eos.get(0)}));
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
        readBack = null;
        float[] logits = prefill(segments);
        int answerStart = session.length();
        List<Long> said = new ArrayList<>();

        LlamaTokenizer.StreamingDecoder decoder = tokenizer.streamingDecoder();
        StopStringFilter filter = new StopStringFilter(settings.stopStrings());
        SplittableRandom random = new SplittableRandom(settings.seed());
        List<Integer> eos = config.eosTokenIds();
        StringBuilder answer = new StringBuilder();
        PhraseGuard guard = PhraseGuard.of(settings.consistency());
        StringBuilder produced = new StringBuilder(); // all decoded text, stop strings included: what the guard reads
        boolean saidSomething = false; // whether produced holds more than white space (kept, not re-read each step)
        int generated = 0;
        int largestBatch = 0;
        long firstToken = 0;
        StopReason reason;
        // A look-ahead sentence that greedy decoding takes as it is: its tokens, and the logits after each but the
        // last, already in the cache from position planBase on (see refuseRepeatedSentences).
        java.util.ArrayDeque<Integer> planned = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<float[]> plannedLogits = new java.util.ArrayDeque<>();
        boolean planActive = false;
        int planBase = 0;
        int planConsumed = 0;
        boolean reusable = settings.isGreedy() && settings.repetitionPenalty() == 1.0;
        while (true) {
            if (listener.isCancelled()) {
                reason = StopReason.CANCELLED;
                break;
            }
            int token;
            if (!planned.isEmpty()) {
                token = planned.poll();
                planConsumed++;
            } else {
                if (!saidSomething) {
                    // An answer does not end before it has said anything: a clinician asking a follow-up the model
                    // has no answer for gets its likeliest words, not an empty answer (the demo model ended "Is this
                    // contagious?" at once after some vitiligo consultations).
                    for (int e : eos) {
                        logits[e] = Float.NEGATIVE_INFINITY;
                    }
                }
                if (guard != null) {
                    // At a sentence start (or before a token that ends a sentence and begins the next): look ahead
                    // at the sentence the model would write, and refuse its first token while that sentence says
                    // again what the answer already said (see refuseRepeatedSentences).
                    Plan plan = refuseRepeatedSentences(logits, guard, decoder, produced, eos,
                            settings.maxNewTokens() - generated, reusable);
                    if (plan != null) {
                        planned.addAll(plan.tokens());
                        plannedLogits.addAll(plan.logits());
                        planActive = true;
                        planBase = plan.base();
                        planConsumed = 0;
                    }
                }
                if (!planned.isEmpty()) {
                    token = planned.poll();
                    planConsumed++;
                } else {
                    token = guard == null ? sampler.sample(logits, seen, settings, random)
                            : guardedSample(logits, settings, random, guard, decoder, produced, eos);
                }
            }
            if (++generated == 1) {
                firstToken = System.nanoTime();
            }
            seen.set(token);
            pending = token;
            said.add((long) token);
            if (eos.contains(token)) {
                reason = StopReason.END_OF_SEQUENCE;
                break;
            }
            String piece = decoder.next(token);
            produced.append(piece);
            saidSomething = saidSomething || !piece.isBlank();
            emit(filter.accept(piece), answer, listener);
            if (filter.stopped()) {
                reason = StopReason.STOP_STRING;
                break;
            }
            if (generated == settings.maxNewTokens()) {
                reason = StopReason.MAX_TOKENS;
                break;
            }
            if (!plannedLogits.isEmpty()) {
                logits = plannedLogits.poll(); // the look-ahead ran this token already
            } else {
                logits = session.step(token);
                largestBatch = Math.max(largestBatch, session.lastStepBatch());
                planActive = false;
            }
            pending = -1;
        }
        if (planActive && session.length() > planBase + planConsumed - 1) {
            // Stopped inside a look-ahead sentence: the cache forgets what was not shown, and the last token shown
            // stays pending, as when no look-ahead ran.
            session.rewind(planBase + planConsumed - 1);
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
        String text = answer.toString();
        String stop = null;
        if (reason == StopReason.STOP_STRING) {
            for (String candidate : settings.stopStrings()) {
                if (produced.toString().startsWith(text + candidate)) {
                    stop = candidate;
                    break;
                }
            }
        }
        readBack = new ReadBack(answerStart, said, text, reason, stop);
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
        // The likeliest token is judged once: greedy decoding samples it first, and where it is refused the
        // established value's statement may take its place.
        int best = Sampler.argmax(raw);
        boolean bestAllowed = best >= 0 && acceptable(best, guard, decoder, produced, eos);
        if (best >= 0 && !bestAllowed) {
            int instead = establishedInstead(raw, best, guard, decoder, produced, eos);
            // Not where it would say a run again ("最大者直径约10毫米（最大者直径约" then the established "10毫米（").
            if (instead >= 0 && !saysARunAgain(instead, decoder, produced, eos)) {
                return instead;
            }
        }
        int first = -1;
        for (int refusals = 0; refusals < SAMPLED_REFUSALS; refusals++) {
            int token = sampler.sample(logits, seen, settings, random);
            if (first < 0) {
                first = token;
            }
            boolean allowed = token == best ? bestAllowed : acceptable(token, guard, decoder, produced, eos);
            if (allowed && !saysARunAgain(token, decoder, produced, eos)) {
                return token;
            }
            raw[token] = Float.NEGATIVE_INFINITY;
            System.arraycopy(raw, 0, logits, 0, raw.length);
        }
        int token = likeliestAcceptable(raw, guard, decoder, produced, eos, true);
        return token >= 0 ? token : first;
    }

    /** Whether a look-ahead sentence greedy decoding would write anyway is taken as it is (off only in tests). */
    static volatile boolean takeLookaheadSentences = true;
    /** Look-ahead sentences taken as they were decoded, for tests. */
    static final java.util.concurrent.atomic.AtomicLong LOOKAHEAD_SENTENCES_TAKEN = new java.util.concurrent.atomic.AtomicLong();
    /** Look-ahead sentences refused because they were to state a withheld group, for tests. */
    static final java.util.concurrent.atomic.AtomicLong WITHHELD_SENTENCES_REFUSED = new java.util.concurrent.atomic.AtomicLong();

    /** Look-ahead sentences refused at a run said again inside them, for tests. */
    static final java.util.concurrent.atomic.AtomicLong LOOPS_REFUSED = new java.util.concurrent.atomic.AtomicLong();

    /** Sentences tried at one sentence start before the look-ahead gives way. */
    static final int LOOKAHEAD_SENTENCES = 3;
    /** Tokens a look-ahead decodes at most: a sentence of answer 2 is shorter. */
    static final int LOOKAHEAD_TOKENS = 48;
    /**
     * Tries more for a sentence whose looks ahead kept looping: a model kept from a loop at one token tends to loop
     * from the next ("最大者直径约10毫米（10毫米（…" after "（最大者直径约" was refused), and three tries were not enough.
     */
    static final int LOOKAHEAD_LOOPS = 3;

    /** A look-ahead sentence taken as it is: its tokens, the logits after each but the last, its first position. */
    private record Plan(List<Integer> tokens, List<float[]> logits, int base) {
    }

    /**
     * Under a consistency constraint, a model kept from its first choices leaves its path and, decoded greedily, tends
     * to say an earlier sentence again ("There are areas of brown hyperpigmentation." twice). Refusing the repeat
     * once it has begun derails the sentence mid-word; so at each sentence start this decodes ahead, greedily and
     * under the same guard, the sentence the model would write, and when it repeats one of the answer's earlier
     * sentences (see {@link #repeatsASentence}) takes its first token out of {@code logits} and looks again, up to
     * {@link #LOOKAHEAD_SENTENCES} times. So too a sentence that was to state a group the constraint withholds (a
     * group with no established values, {@link PhraseGuard#withholds}): refused where it begins, the model writes the
     * next sentence it would write instead of breaking this one off after "The border is ". The look-ahead's
     * positions are then forgotten ({@link
     * Decoder.Session#rewind}), or, when greedy decoding would write that very sentence, returned as a plan to take
     * as it is; nothing is shown before, and every token shown is still the model's.
     */
    private Plan refuseRepeatedSentences(float[] logits, PhraseGuard guard, LlamaTokenizer.StreamingDecoder decoder,
                                         CharSequence produced, List<Integer> eos, int tokensLeft, boolean reusable) {
        int length = session.length();
        int budget = Math.min(LOOKAHEAD_TOKENS, tokensLeft - 1);
        boolean atStart = sentenceStart(produced) || produced.toString().isBlank();
        if (!atStart && !endsASentence(decoder.peek(Sampler.argmax(logits)))) {
            return null; // inside a sentence, and the likeliest token does not end it: nothing to look at (cheap)
        }
        endSentenceBeforeWithheld(logits, guard, decoder, produced, eos);
        // Tokens refused after the beginning of a look-ahead sentence: where the model wanted to state a withheld group
        // a few words into a sentence whose first word other sentences share ("The" of "The border is"), the second
        // word is refused and the first stays possible.
        Map<List<Integer>, Set<Integer>> refusedAfter = new HashMap<>();
        int loops = 0; // loops refused in this look-ahead: each allows one more try, up to LOOKAHEAD_LOOPS
        for (int tries = 0; tries < LOOKAHEAD_SENTENCES + Math.min(loops, LOOKAHEAD_LOOPS) && budget > 0; tries++) {
            LlamaTokenizer.StreamingDecoder ahead = decoder.copy(); // decodes exactly as the answer will
            StringBuilder text = new StringBuilder(produced);
            int first = greedyAllowed(logits, guard, ahead, text, eos, null);
            if (first < 0 || eos.contains(first)) {
                return null;
            }
            List<String> pieces = new ArrayList<>(List.of(ahead.next(first)));
            text.append(pieces.get(0));
            // Where the next sentence begins: here, or inside the token ("。受累" is one token of the demo model).
            int start = lastSentenceEnd(text, produced.length());
            if (start >= 0 && text.substring(start).isBlank()) {
                // The token ends the sentence being written and begins no other: refusing it would break that
                // sentence off ("violet violet violet"); the next step looks at the sentence after it.
                return null;
            }
            if (start < 0) {
                if (!atStart) {
                    return null; // the model goes on with the sentence it is writing
                }
                start = produced.length();
            }
            List<Integer> tokens = new ArrayList<>(List.of(first));
            List<float[]> after = new ArrayList<>();
            boolean whole = true; // every token chosen as greedy decoding would choose it
            int withheldAt = -1; // the step at which the model wanted to state a withheld group, if it did
            boolean[] withheld = new boolean[1];
            int token = first;
            for (int steps = 1; !sentenceEnded(text, start) && steps < budget; steps++) {
                float[] next = session.step(token);
                after.add(next);
                for (int refused : refusedAfter.getOrDefault(tokens, Set.of())) {
                    next[refused] = Float.NEGATIVE_INFINITY;
                }
                withheld[0] = false;
                token = greedyAllowed(next, guard, ahead, text, eos, withheld);
                if (withheld[0] && withheldAt < 0) {
                    withheldAt = steps;
                }
                if (token < 0 || eos.contains(token)) {
                    whole = false;
                    break;
                }
                tokens.add(token);
                pieces.add(ahead.next(token));
                text.append(pieces.get(pieces.size() - 1));
            }
            boolean repeats = repeatsASentence(text.substring(0, start), text.substring(start));
            // A loop inside the sentence ("最大者直径约10毫米（最大者直径约10毫米（…"): refused at the token where the
            // run said again begins, so that the model, kept from it there, says what it would say next instead.
            int runStart = repeats || withheldAt >= 0 ? -1 : repeatedRunStart(text, produced.length());
            int loopAt = runStart < 0 ? -1 : tokenAt(pieces, runStart - produced.length());
            if (loopAt >= 0) {
                LOOPS_REFUSED.incrementAndGet();
                loops++;
                session.rewind(length);
                if (loopAt >= 1 && reusable && takeLookaheadSentences) {
                    refusedAfter.computeIfAbsent(List.copyOf(tokens.subList(0, loopAt)), k -> new java.util.HashSet<>())
                            .add(tokens.get(loopAt));
                } else {
                    logits[first] = Float.NEGATIVE_INFINITY;
                }
                continue;
            }
            if (withheldAt < 0 && !repeats) {
                if (reusable && whole && takeLookaheadSentences) {
                    LOOKAHEAD_SENTENCES_TAKEN.incrementAndGet();
                    return new Plan(tokens, after, length); // greedy decoding would write exactly this
                }
                session.rewind(length);
                return null;
            }
            session.rewind(length);
            int secondWord = withheldAt >= 2 && reusable && takeLookaheadSentences ? secondWord(pieces, withheldAt) : -1;
            if (!repeats && secondWord > 0 && !refusedAfter.containsKey(tokens.subList(0, secondWord))) {
                // A sentence that was to state a withheld group after its first word: refused at its second word ("
                // border" after "The"), so that the model writes another sentence that may begin with the same word;
                // if that one is refused too, at its first. Only where the sentence is taken as decoded, so that the
                // refusal holds.
                refusedAfter.computeIfAbsent(List.copyOf(tokens.subList(0, secondWord)), k -> new java.util.HashSet<>())
                        .add(tokens.get(secondWord));
                WITHHELD_SENTENCES_REFUSED.incrementAndGet();
                continue;
            }
            if (withheldAt >= 0) {
                WITHHELD_SENTENCES_REFUSED.incrementAndGet();
                if (start > produced.length()) {
                    // The first token also ended the sentence before ("。皮损" is one token of the demo model): that
                    // sentence still ends, with the tokens that write its end alone, the first of which takes the
                    // refused token's logit; else the model, kept from ending there, goes on with the sentence.
                    int end = firstTokenOf(text.substring(produced.length(), start), decoder);
                    if (end >= 0 && end != first) {
                        logits[end] = Math.max(logits[end], logits[first]);
                    }
                }
            }
            logits[first] = Float.NEGATIVE_INFINITY;
        }
        return null;
    }

    /**
     * Where the likeliest token ends the sentence being written and begins one that states a withheld group in the
     * same token ("。边界不规则，有" is one token of the demo model), the guard refuses it, and the model, kept from
     * ending the sentence there, tends to go on with it ("不对称颜色不对称…"): the first token of the sentence's end
     * written alone takes the refused token's logit, so the sentence ends as the model wanted and the next is looked
     * at afresh.
     */
    private void endSentenceBeforeWithheld(float[] logits, PhraseGuard guard, LlamaTokenizer.StreamingDecoder decoder,
                                           CharSequence produced, List<Integer> eos) {
        int best = Sampler.argmax(logits);
        if (best < 0 || eos.contains(best)) {
            return;
        }
        String piece = decoder.peek(best);
        if (!guard.withholds(produced, piece)) {
            return;
        }
        String text = produced + piece;
        int end = lastSentenceEnd(text, produced.length());
        if (end > produced.length() && end < text.length()) {
            int alone = firstTokenOf(text.substring(produced.length(), end), decoder);
            if (alone >= 0 && alone != best) {
                logits[alone] = Math.max(logits[alone], logits[best]);
                WITHHELD_SENTENCES_REFUSED.incrementAndGet();
            }
        }
    }

    /**
     * The first token of the tokenizer's own tokens of {@code prefix} (a leading word marker the tokenizer adds
     * skipped), where it writes a beginning of {@code prefix} after what {@code decoder} has decoded; else -1.
     */
    private int firstTokenOf(String prefix, LlamaTokenizer.StreamingDecoder decoder) {
        for (long id : tokenizer.encode(prefix)) {
            String piece = decoder.peek(id);
            if (piece.isEmpty() || piece.isBlank() && !prefix.startsWith(piece)) {
                continue; // the tokenizer's word marker before the text, not part of it
            }
            return prefix.startsWith(piece) && !piece.contains("\uFFFD") ? (int) id : -1;
        }
        return -1;
    }

    /**
     * The index of the token that begins the sentence's second word, among the tokens before {@code before} ({@code
     * pieces}: their texts), or -1: a token after the first whose text starts with white space and has more.
     */
    static int secondWord(List<String> pieces, int before) {
        for (int i = 1; i < Math.min(before, pieces.size()); i++) {
            String p = pieces.get(i);
            if (!p.isEmpty() && Character.isWhitespace(p.charAt(0)) && !p.isBlank()) {
                return i;
            }
        }
        return -1;
    }

    /** Whether a token's text holds a sentence end. */
    private static boolean endsASentence(String piece) {
        return piece.indexOf('\u3002') >= 0 || piece.indexOf('.') >= 0;
    }

    /** The index after the last sentence end in {@code text} at or after {@code from}, or -1. */
    private static int lastSentenceEnd(CharSequence text, int from) {
        for (int i = text.length() - 1; i >= Math.max(from, 1); i--) {
            char c = text.charAt(i);
            if (c == '\u3002' || c == '.' && !Character.isDigit(text.charAt(i - 1))
                    && (i + 1 == text.length() || Character.isWhitespace(text.charAt(i + 1)))) {
                return i + 1;
            }
        }
        return -1;
    }

    /**
     * The most likely token the guard allows after {@code text}, or -1; {@code withheld[0]}, where given, is set when
     * the most likely token of all was refused because it states a withheld group ({@link PhraseGuard#withholds}).
     */
    private static int greedyAllowed(float[] logits, PhraseGuard guard, LlamaTokenizer.StreamingDecoder decoder,
                                     CharSequence text, List<Integer> eos, boolean[] withheld) {
        // Mostly the first choice is allowed: find it without sorting the vocabulary.
        int best = -1;
        for (int i = 0; i < logits.length; i++) {
            if (logits[i] != Float.NEGATIVE_INFINITY && (best < 0 || logits[i] > logits[best])) {
                best = i;
            }
        }
        if (best < 0) {
            return -1;
        }
        if (acceptable(best, guard, decoder, text, eos)) {
            return best;
        }
        if (withheld != null && !eos.contains(best) && guard.withholds(text, decoder.peek(best))) {
            withheld[0] = true;
        }
        int instead = establishedInstead(logits, best, guard, decoder, text, eos);
        return instead >= 0 ? instead : likeliestAcceptable(logits, guard, decoder, text, eos, false);
    }

    /**
     * Where the model's first choice {@code best}, refused, was to state a value after an anchor at which an
     * established value's statement may begin (see {@link PhraseGuard#beginsAllowed}), the likeliest token that begins
     * that statement; else -1 (then the model's next choice is taken, as before).
     */
    private static int establishedInstead(float[] logits, int best, PhraseGuard guard,
                                          LlamaTokenizer.StreamingDecoder decoder, CharSequence text, List<Integer> eos) {
        if (eos.contains(best)) {
            return -1;
        }
        java.util.function.Predicate<String> begins = guard.beginsAllowedAfter(text, decoder.peek(best));
        if (begins == null) {
            return -1;
        }
        int chosen = -1;
        for (int i = 0; i < logits.length; i++) {
            if (logits[i] != Float.NEGATIVE_INFINITY && (chosen < 0 || logits[i] > logits[chosen]) && !eos.contains(i)) {
                String piece = decoder.peek(i);
                if (begins.test(piece) && guard.allows(text, piece)) {
                    chosen = i;
                }
            }
        }
        return chosen;
    }

    /**
     * The acceptable token with the largest logit (the first of equals), tokens at negative infinity (refused, or
     * impossible) never; -1 when there is none. With {@code noRunAgain}, one that says no run again
     * ({@link #saysARunAgain}) where there is one, else the first acceptable.
     */
    private static int likeliestAcceptable(float[] logits, PhraseGuard guard, LlamaTokenizer.StreamingDecoder decoder,
                                           CharSequence text, List<Integer> eos, boolean noRunAgain) {
        Integer[] order = new Integer[logits.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(logits[b], logits[a]));
        int firstAcceptable = -1;
        for (int token : order) {
            if (logits[token] == Float.NEGATIVE_INFINITY) {
                break;
            }
            if (acceptable(token, guard, decoder, text, eos)) {
                if (!noRunAgain || !saysARunAgain(token, decoder, text, eos)) {
                    return token;
                }
                if (firstAcceptable < 0) {
                    firstAcceptable = token; // says a run again: only if nothing else may follow
                }
            }
        }
        return firstAcceptable;
    }

    /**
     * Whether {@code token} would end a run said before in the answer ({@link #repeatedRunStart}): where the
     * look-ahead could not keep the model from a loop, or the guard refused the model's words inside a sentence,
     * the token that would complete the repeat is passed over for the model's next choice.
     */
    private static boolean saysARunAgain(int token, LlamaTokenizer.StreamingDecoder decoder, CharSequence produced,
                                         List<Integer> eos) {
        if (eos.contains(token)) {
            return false;
        }
        String piece = decoder.peek(token);
        return !piece.isBlank() && repeatedRunStart(produced + piece, produced.length()) >= 0;
    }

    /** Whether the answer so far ends a sentence (a full stop not after a digit, or "。"), after at least one. */
    static boolean sentenceStart(CharSequence produced) {
        int end = produced.length();
        while (end > 0 && Character.isWhitespace(produced.charAt(end - 1))) {
            end--;
        }
        if (end < 2) {
            return false;
        }
        char c = produced.charAt(end - 1);
        return c == '\u3002' || c == '.' && !Character.isDigit(produced.charAt(end - 2));
    }

    /** Whether the text after {@code from} holds a whole sentence (it has ended one, after more than a mark). */
    private static boolean sentenceEnded(CharSequence text, int from) {
        int end = lastSentenceEnd(text, from + 1);
        return end > 0 && text.toString().substring(from, end).strip().length() > 1;
    }

    /**
     * Whether {@code sentence} says again one of the sentences of {@code answer}: the same sentence, or one that
     * begins with the same four words (English) or six characters (Chinese) — two sentences of one answer 2 of the
     * demo model's training texts never do.
     */
    static boolean repeatsASentence(String answer, String sentence) {
        String s = sentence.strip();
        if (s.isEmpty()) {
            return false;
        }
        for (String earlier : answer.split("(?<=[^0-9]\\.)\\s+|(?<=\u3002)")) {
            String e = earlier.strip();
            if (e.isEmpty()) {
                continue;
            }
            if (e.equals(s) || beginning(e).equals(beginning(s)) && !beginning(s).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Words (English) or characters (Chinese) that, said twice in one answer, make a loop, not a description. */
    static final int REPEATED_WORDS = 6;
    static final int REPEATED_CHARACTERS = 8;

    /**
     * Where {@code text} begins to say again a run of {@link #REPEATED_WORDS} words (English; case and punctuation
     * ignored) or {@link #REPEATED_CHARACTERS} characters (Chinese; white space ignored) that it said before, the run
     * completed at or after {@code from} (a word is complete once something follows it): the index of the second
     * occurrence's first character, or -1. Neither answer 1 nor answer 2 of the demo model's training texts ever
     * does (answer 1 of a cancer says "this could be a skin" twice: five words, not six).
     */
    static int repeatedRunStart(CharSequence text, int from) {
        int run = repeatedWordsStart(text, from);
        int item = repeatedItemStart(text, from);
        return run < 0 ? item : item < 0 ? run : Math.min(run, item);
    }

    /** {@link #repeatedRunStart}'s runs of words or characters alone. */
    static int repeatedWordsStart(CharSequence text, int from) {
        boolean chinese = text.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
        // The units joined, each after a separator, so that a run is a substring that starts at a unit's start.
        StringBuilder joined = new StringBuilder();
        List<Integer> at = new ArrayList<>(); // each unit's start in joined
        List<Integer> offsets = new ArrayList<>(); // its start in text
        List<Integer> completedAt = new ArrayList<>(); // where it is known whole: its character, or the one after a word
        if (chinese) {
            for (int i = 0; i < text.length(); i++) {
                if (!Character.isWhitespace(text.charAt(i))) {
                    at.add(joined.length());
                    joined.append(text.charAt(i));
                    offsets.add(i);
                    completedAt.add(i);
                }
            }
        } else {
            java.util.regex.Matcher m = WORD.matcher(text);
            while (m.find()) {
                joined.append(' ');
                at.add(joined.length() - 1);
                joined.append(m.group().toLowerCase(java.util.Locale.ROOT));
                offsets.add(m.start());
                completedAt.add(m.end() < text.length() ? m.end() : Integer.MIN_VALUE); // the last may go on
            }
            joined.append(' ');
        }
        int n = chinese ? REPEATED_CHARACTERS : REPEATED_WORDS;
        String all = joined.toString();
        for (int i = 0; i + n <= at.size(); i++) {
            int completed = completedAt.get(i + n - 1);
            if (completed == Integer.MIN_VALUE) {
                break;
            }
            if (completed < from) {
                continue; // said before the part looked at: not this look's business
            }
            int runEnd = i + n < at.size() ? at.get(i + n) : all.length() - (chinese ? 0 : 1);
            String run = all.substring(at.get(i), runEnd + (chinese ? 0 : 1)); // a word run keeps its separators
            int first = all.indexOf(run);
            if (first >= 0 && first < at.get(i)) {
                return offsets.get(i);
            }
        }
        return -1;
    }

    private static final java.util.regex.Pattern WORD = java.util.regex.Pattern.compile("[A-Za-z0-9]+");

    /** What separates the items of a list: a comma or semicolon (either width), "、", or the word "and". */
    private static final java.util.regex.Pattern ITEM_SEPARATOR =
            java.util.regex.Pattern.compile("[,;\uFF0C\uFF1B\u3001]|\\band\\b");
    /** What ends a sentence: a full stop not after a digit (not "2.5 mm"), "。", or the end of the text. */
    private static final java.util.regex.Pattern SENTENCE_END = java.util.regex.Pattern.compile("(?<![0-9])\\.|\u3002");

    /**
     * Where a sentence lists an item again that it listed before ("crust, excoriation, lichenification, excoriation,
     * …", the list going round with its items in another order, which a run of six words said twice does not catch):
     * the index of the repeated item's first character, or -1. An item is what lies between two separators
     * ({@link #ITEM_SEPARATOR}) of one sentence, compared by its letters and digits without case (one of a single
     * letter or character is not compared: "(a", a numeral); it counts once something follows it, and only items
     * completed at or after {@code from} are looked at. Neither answer 1 nor answer 2 of the demo model's training
     * texts ever lists an item twice in one sentence (checked on 1,500 images a language).
     */
    static int repeatedItemStart(CharSequence text, int from) {
        String all = text.toString();
        int sentenceFrom = 0;
        java.util.regex.Matcher end = SENTENCE_END.matcher(all);
        while (sentenceFrom < all.length()) {
            int sentenceEnd = end.find() ? end.start() : all.length();
            if (sentenceEnd < from) {
                sentenceFrom = sentenceEnd + 1; // every item of it was completed before the part looked at
                continue;
            }
            Set<String> items = new java.util.HashSet<>();
            java.util.regex.Matcher sep = ITEM_SEPARATOR.matcher(all).region(sentenceFrom, sentenceEnd);
            int itemFrom = sentenceFrom;
            while (itemFrom < sentenceEnd) {
                boolean separated = sep.find();
                int itemEnd = separated ? sep.start() : sentenceEnd;
                // Complete once something follows it: a separator, or the sentence's end where the text goes on.
                boolean complete = separated || sentenceEnd < all.length();
                String item = letters(all, itemFrom, itemEnd);
                if (complete && item.codePointCount(0, item.length()) > 1 && !items.add(item) && itemEnd >= from) {
                    int start = itemFrom;
                    while (start < itemEnd && Character.isWhitespace(all.charAt(start))) {
                        start++;
                    }
                    return start;
                }
                itemFrom = separated ? sep.end() : sentenceEnd;
            }
            sentenceFrom = sentenceEnd + 1;
        }
        return -1;
    }

    /** The letters and digits of {@code text} from {@code from} to {@code to}, lower case (no regular expression: per token). */
    private static String letters(String text, int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        text.substring(from, to).toLowerCase(java.util.Locale.ROOT).codePoints().filter(cp -> Character.isLetter(cp)
                || Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER || Character.getType(cp) == Character.LETTER_NUMBER
                || Character.getType(cp) == Character.OTHER_NUMBER).forEach(out::appendCodePoint);
        return out.toString();
    }

    /**
     * The index of the token among {@code pieces} (their texts, in order) that writes the character at {@code offset}
     * of their joined text: 0 for an offset before it (the run began in what was already said), the last for one
     * after it.
     */
    static int tokenAt(List<String> pieces, int offset) {
        int end = 0;
        for (int i = 0; i < pieces.size(); i++) {
            end += pieces.get(i).length();
            if (offset < end) {
                return i;
            }
        }
        return pieces.size() - 1;
    }

    /** The first four words of an English sentence, the first six characters of a Chinese one; "" when shorter. */
    private static String beginning(String sentence) {
        boolean chinese = sentence.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
        if (chinese) {
            return sentence.length() >= 6 ? sentence.substring(0, 6) : "";
        }
        String[] words = sentence.split("\\s+");
        return words.length > 4 ? String.join(" ", java.util.Arrays.copyOf(words, 4)) : "";
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
