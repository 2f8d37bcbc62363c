package org.skingpt.training.tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Trains a byte-fallback BPE tokenizer and writes it as a Hugging Face {@code tokenizer.json} in the
 * Llama / SentencePiece layout.
 *
 * <p><b>Why this layout.</b> The inference side ({@code org.skingpt.language.internal.LlamaTokenizer})
 * loads Llama's own {@code tokenizer.json} through DJL's Hugging Face tokenizers, so a demo tokenizer in
 * exactly that layout needs no new code path: ids 0..2 are {@code <unk>}, {@code <s>}, {@code </s>};
 * ids 3..258 the byte tokens {@code <0x00>}..{@code <0xFF>}; spaces become {@code "▁"} (U+2581) in a
 * normalizer that also prepends one, and the decoder undoes that. The model is BPE with
 * {@code byte_fallback}: a character that is not in the vocabulary is encoded as the byte tokens of its
 * UTF-8 form instead of {@code <unk>}, so any text (emoji, other scripts, a patient's name) survives a
 * round trip through the model, even text the corpus never showed.
 *
 * <p><b>Vocabulary.</b> After the 259 reserved tokens come all characters (code points) seen at least
 * {@code minCharCount} times, most frequent first (ties by code point), then the results of classic BPE
 * merges until the vocabulary has {@code vocabSize} tokens or no pair is left. Words are {@code "▁"} plus
 * the characters up to the next {@code "▁"}, so no merge ever crosses a word boundary; Chinese text, which
 * has no spaces, forms long words inside which frequent character pairs merge. Each step merges the most
 * frequent pair, ties broken by the pair's strings (left, then right, in {@link String#compareTo} order),
 * so training is deterministic and two runs write byte-identical files. An optional
 * {@code maxTokenLength} stops merges (as SentencePiece's {@code max_sentencepiece_length} does).
 *
 * <p><b>Speed.</b> Words are counted first (the corpus is highly templated, so unique words are few) and
 * pair counts are updated incrementally: a merge visits only the positions where its pair occurs, so the
 * whole training costs about one pass over the unique words' characters plus a priority queue.
 *
 * <p>Instances are immutable and thread-safe; {@link #train} keeps no state between calls.
 */
public final class BpeTokenizerTrainer {

    /** The special tokens, ids 0, 1 and 2. */
    public static final List<String> SPECIAL_TOKENS = List.of("<unk>", "<s>", "</s>");

    /** Number of ids before the first character token: the special tokens and the 256 byte tokens. */
    public static final int RESERVED_TOKENS = 3 + 256;

    /** The word-boundary marker that replaces spaces (U+2581, LOWER ONE EIGHTH BLOCK). */
    public static final String SPACE_MARKER = "\u2581";

    /** Default vocabulary size of the demo model. */
    public static final int DEFAULT_VOCAB_SIZE = 4096;

    private static final char MARKER = '\u2581';

    private final int vocabSize;
    private final int minCharCount;
    private final int maxTokenLength;

    /**
     * A trainer that keeps every character seen at least once.
     *
     * @param vocabSize the vocabulary size to reach, including the 259 reserved tokens
     * @throws IllegalArgumentException if {@code vocabSize} leaves no room for a character token
     */
    public BpeTokenizerTrainer(int vocabSize) {
        this(vocabSize, 1);
    }

    /**
     * A trainer with no limit on a token's length.
     *
     * @param vocabSize    the vocabulary size to reach, including the 259 reserved tokens
     * @param minCharCount how often a character must occur in the corpus to get its own token; rarer
     *                     characters are left to byte fallback (and no merge contains them)
     * @throws IllegalArgumentException if {@code vocabSize} leaves no room for a character token or
     *                                  {@code minCharCount} is below 1
     */
    public BpeTokenizerTrainer(int vocabSize, int minCharCount) {
        this(vocabSize, minCharCount, Integer.MAX_VALUE);
    }

    /**
     * A trainer.
     *
     * @param vocabSize      the vocabulary size to reach, including the 259 reserved tokens
     * @param minCharCount   how often a character must occur in the corpus to get its own token; rarer
     *                       characters are left to byte fallback (and no merge contains them)
     * @param maxTokenLength the longest token a merge may make, in code points ({@code "▁"} included);
     *                       SentencePiece's default is 16. Without a limit a templated corpus merges whole
     *                       Chinese phrases, which have no spaces to stop them.
     * @throws IllegalArgumentException if {@code vocabSize} leaves no room for a character token,
     *                                  {@code minCharCount} is below 1 or {@code maxTokenLength} below 2
     */
    public BpeTokenizerTrainer(int vocabSize, int minCharCount, int maxTokenLength) {
        if (vocabSize <= RESERVED_TOKENS) {
            throw new IllegalArgumentException("vocabSize must be greater than " + RESERVED_TOKENS
                    + " (3 special tokens and 256 byte tokens come first), was " + vocabSize);
        }
        if (minCharCount < 1) {
            throw new IllegalArgumentException("minCharCount must be at least 1, was " + minCharCount);
        }
        if (maxTokenLength < 2) {
            throw new IllegalArgumentException("maxTokenLength must be at least 2 (a merge makes a token of two"
                    + " characters or more), was " + maxTokenLength);
        }
        this.vocabSize = vocabSize;
        this.minCharCount = minCharCount;
        this.maxTokenLength = maxTokenLength;
    }

    /** The vocabulary size this trainer aims for. */
    public int vocabSize() {
        return vocabSize;
    }

    /** How often a character must occur to get its own token. */
    public int minCharCount() {
        return minCharCount;
    }

    /** The longest token a merge may make, in code points; {@link Integer#MAX_VALUE} for no limit. */
    public int maxTokenLength() {
        return maxTokenLength;
    }

    /**
     * What the tokenizer's normalizer makes of {@code text}: {@code "▁"} prepended to non-empty text and
     * every space replaced by {@code "▁"}.
     */
    public static String normalize(String text) {
        return text.isEmpty() ? text : SPACE_MARKER + text.replace(' ', MARKER);
    }

    /**
     * Trains on {@code texts} (each one a sentence or document; empty ones are skipped).
     *
     * @throws IllegalArgumentException if the corpus holds no non-empty text, a text is {@code null}, or
     *                                  {@code vocabSize} cannot hold the reserved and character tokens
     */
    public Result train(Iterable<String> texts) {
        Objects.requireNonNull(texts, "texts");
        Map<String, int[]> wordCounts = countWords(texts);
        if (wordCounts.isEmpty()) {
            throw new IllegalArgumentException("The corpus is empty: it holds no non-empty text to train on.");
        }
        String[] words = wordCounts.keySet().toArray(String[]::new);
        // Order does not change the result (counts are sums, merges apply left to right per word), but a
        // sorted order makes the run independent of hashing even in principle.
        Arrays.sort(words);
        int[] counts = new int[words.length];
        for (int i = 0; i < words.length; i++) {
            counts[i] = wordCounts.get(words[i])[0];
        }
        wordCounts = null;

        List<String> vocabulary = new ArrayList<>(vocabSize);
        vocabulary.addAll(SPECIAL_TOKENS);
        for (int b = 0; b < 256; b++) {
            vocabulary.add(String.format("<0x%02X>", b));
        }
        Map<Integer, Integer> charIds = chooseCharacters(words, counts, vocabulary);
        int characters = charIds.size();
        if (RESERVED_TOKENS + characters > vocabSize) {
            throw new IllegalArgumentException("vocabSize " + vocabSize + " is too small for this corpus: it needs "
                    + RESERVED_TOKENS + " reserved tokens and " + characters + " character tokens (seen at least "
                    + minCharCount + " times), so at least " + (RESERVED_TOKENS + characters)
                    + "; raise vocabSize or minCharCount");
        }
        List<Merge> merges = new Merger(words, counts, charIds, vocabulary, maxTokenLength).run(vocabSize);
        return new Result(vocabulary, merges, characters);
    }

    private static Map<String, int[]> countWords(Iterable<String> texts) {
        Map<String, int[]> words = new HashMap<>();
        for (String text : texts) {
            if (text == null) {
                throw new IllegalArgumentException("The corpus holds a null text.");
            }
            String n = normalize(text);
            int start = 0;
            for (int i = 1; i <= n.length(); i++) {
                if (i == n.length() || n.charAt(i) == MARKER) {
                    if (i > start) {
                        words.computeIfAbsent(n.substring(start, i), k -> new int[1])[0]++;
                    }
                    start = i;
                }
            }
        }
        return words;
    }

    /** Adds the character tokens to {@code vocabulary}; returns code point to id. */
    private Map<Integer, Integer> chooseCharacters(String[] words, int[] counts, List<String> vocabulary) {
        Map<Integer, long[]> charCounts = new HashMap<>();
        for (int w = 0; w < words.length; w++) {
            String word = words[w];
            for (int i = 0; i < word.length(); ) {
                int cp = word.codePointAt(i);
                i += Character.charCount(cp);
                if (!isUnpairedSurrogate(cp)) {
                    charCounts.computeIfAbsent(cp, k -> new long[1])[0] += counts[w];
                }
            }
        }
        List<Map.Entry<Integer, long[]>> kept = new ArrayList<>();
        for (Map.Entry<Integer, long[]> e : charCounts.entrySet()) {
            if (e.getValue()[0] >= minCharCount) {
                kept.add(e);
            }
        }
        kept.sort((x, y) -> x.getValue()[0] != y.getValue()[0]
                ? Long.compare(y.getValue()[0], x.getValue()[0])
                : Integer.compare(x.getKey(), y.getKey()));
        Map<Integer, Integer> ids = new HashMap<>();
        for (Map.Entry<Integer, long[]> e : kept) {
            ids.put(e.getKey(), vocabulary.size());
            vocabulary.add(Character.toString(e.getKey()));
        }
        return ids;
    }

    private static boolean isUnpairedSurrogate(int cp) {
        // codePointAt returns a lone surrogate as itself; it has no UTF-8 form, so byte fallback
        // (which sees U+FFFD after encoding) is all it can get.
        return cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE;
    }

    /**
     * Classic BPE over all unique words at once. The words' symbols live in one array, linked into a
     * doubly linked list per word (-1 ends a word or stands beside a character without a token, which no
     * merge may cross). Each pair keeps its weighted count and the left positions where it occurred; a
     * merge visits only those positions, checks each still holds the pair, and adjusts its neighbours'
     * pair counts. The priority queue is lazy: an entry whose count is stale is re-queued with the
     * current count, which is correct because counts only grow in the step that creates the pair, and
     * then a fresh entry is queued.
     */
    private static final class Merger {
        private final int[] symbol;
        private final int[] prev;
        private final int[] next;
        private final int[] weight;
        private final List<String> vocabulary;
        private final Map<String, Integer> ids = new HashMap<>();
        private final Set<String> reserved = new HashSet<>();
        private final Map<Long, Pair> pairs = new HashMap<>();
        private final PriorityQueue<Entry> queue;
        private final List<Pair> grown = new ArrayList<>();
        private final int maxTokenLength;

        Merger(String[] words, int[] counts, Map<Integer, Integer> charIds, List<String> vocabulary,
               int maxTokenLength) {
            this.vocabulary = vocabulary;
            this.maxTokenLength = maxTokenLength;
            for (int i = 0; i < vocabulary.size(); i++) {
                ids.put(vocabulary.get(i), i);
                if (i < RESERVED_TOKENS) {
                    reserved.add(vocabulary.get(i));
                }
            }
            int total = 0;
            for (String word : words) {
                total = Math.addExact(total, word.codePointCount(0, word.length()));
            }
            symbol = new int[total];
            prev = new int[total];
            next = new int[total];
            weight = new int[total];
            int p = 0;
            for (int w = 0; w < words.length; w++) {
                String word = words[w];
                int first = p;
                for (int i = 0; i < word.length(); ) {
                    int cp = word.codePointAt(i);
                    i += Character.charCount(cp);
                    Integer id = charIds.get(cp);
                    symbol[p] = id == null ? -1 : id;
                    weight[p] = counts[w];
                    boolean linked = p > first && symbol[p] >= 0 && symbol[p - 1] >= 0;
                    prev[p] = linked ? p - 1 : -1;
                    next[p] = -1;
                    if (linked) {
                        next[p - 1] = p;
                    }
                    p++;
                }
            }
            for (int i = 0; i < total; i++) {
                if (next[i] >= 0) {
                    Pair pair = pair(symbol[i], symbol[next[i]]);
                    pair.count += weight[i];
                    pair.positions.add(i);
                }
            }
            queue = new PriorityQueue<>(Math.max(16, pairs.size()), this::compare);
            for (Pair pair : pairs.values()) {
                queue.add(new Entry(pair, pair.count));
            }
        }

        private int compare(Entry x, Entry y) {
            if (x.count != y.count) {
                return Long.compare(y.count, x.count);
            }
            int c = vocabulary.get(x.pair.left).compareTo(vocabulary.get(y.pair.left));
            return c != 0 ? c : vocabulary.get(x.pair.right).compareTo(vocabulary.get(y.pair.right));
        }

        private Pair pair(int left, int right) {
            long key = ((long) left << 32) | (right & 0xFFFFFFFFL);
            Pair pair = pairs.get(key);
            if (pair == null) {
                pair = new Pair(left, right);
                pairs.put(key, pair);
            }
            return pair;
        }

        List<Merge> run(int vocabSize) {
            List<Merge> merges = new ArrayList<>();
            while (vocabulary.size() < vocabSize) {
                Entry top = queue.poll();
                if (top == null) {
                    break;
                }
                Pair pair = top.pair;
                if (top.count != pair.count) {
                    if (top.count > pair.count && pair.count > 0 && !pair.banned) {
                        queue.add(new Entry(pair, pair.count));
                    }
                    continue;
                }
                if (pair.count <= 0 || pair.banned) {
                    continue;
                }
                String left = vocabulary.get(pair.left);
                String right = vocabulary.get(pair.right);
                String merged = left + right;
                if (reserved.contains(merged) || merged.codePointCount(0, merged.length()) > maxTokenLength) {
                    // Never merged: a reserved name (the corpus spells "<0x41>", which must stay the
                    // byte 0x41), or too long. Both are properties of the pair, so it stays banned.
                    pair.banned = true;
                    continue;
                }
                Integer id = ids.get(merged);
                if (id == null) {
                    id = vocabulary.size();
                    vocabulary.add(merged);
                    ids.put(merged, id);
                }
                merges.add(new Merge(left, right));
                apply(pair, id);
            }
            return merges;
        }

        private void apply(Pair pair, int merged) {
            int a = pair.left;
            int b = pair.right;
            IntList positions = pair.positions;
            pair.positions = new IntList();
            positions.sortAscending();
            int last = -1;
            for (int k = 0; k < positions.size; k++) {
                int p = positions.values[k];
                if (p == last) {
                    continue;
                }
                last = p;
                int q = next[p];
                if (symbol[p] != a || q < 0 || symbol[q] != b) {
                    continue;
                }
                int w = weight[p];
                int before = prev[p];
                int after = next[q];
                if (before >= 0) {
                    add(pair(symbol[before], a), -w, -1);
                    add(pair(symbol[before], merged), w, before);
                }
                if (after >= 0) {
                    add(pair(b, symbol[after]), -w, -1);
                    add(pair(merged, symbol[after]), w, p);
                }
                pair.count -= w;
                symbol[p] = merged;
                next[p] = after;
                if (after >= 0) {
                    prev[after] = p;
                }
                symbol[q] = -1;
                prev[q] = -1;
                next[q] = -1;
            }
            for (Pair g : grown) {
                g.grown = false;
                if (!g.banned && g.count > 0) {
                    queue.add(new Entry(g, g.count));
                }
            }
            grown.clear();
        }

        private void add(Pair pair, int delta, int position) {
            pair.count += delta;
            if (delta > 0) {
                pair.positions.add(position);
                if (!pair.grown) {
                    pair.grown = true;
                    grown.add(pair);
                }
            }
        }
    }

    private static final class Pair {
        final int left;
        final int right;
        long count;
        IntList positions = new IntList();
        boolean grown;
        boolean banned;

        Pair(int left, int right) {
            this.left = left;
            this.right = right;
        }
    }

    private record Entry(Pair pair, long count) {
    }

    private static final class IntList {
        int[] values = new int[4];
        int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        void sortAscending() {
            Arrays.sort(values, 0, size);
        }
    }

    /**
     * One merge rule: the two adjacent tokens whose concatenation becomes a token.
     *
     * @param left  the left token
     * @param right the right token
     */
    public record Merge(String left, String right) {

        /** The merge as Hugging Face's {@code "left right"} string (tokens never hold a space). */
        @Override
        public String toString() {
            return left + " " + right;
        }
    }

    /**
     * A trained tokenizer.
     *
     * @param vocabulary     the tokens by id: 3 special, 256 byte, then characters and merge results
     * @param merges         the merge rules in priority order
     * @param characterCount how many character tokens follow the reserved ones
     */
    public record Result(List<String> vocabulary, List<Merge> merges, int characterCount) {

        /** Copies the lists. */
        public Result {
            vocabulary = List.copyOf(vocabulary);
            merges = List.copyOf(merges);
        }

        /** Number of tokens, specials and byte tokens included. */
        public int vocabSize() {
            return vocabulary.size();
        }

        /** The Hugging Face {@code tokenizer.json} text: stable key order, non-ASCII left as is. */
        public String toJson() {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("version", "1.0");
            root.put("truncation", null);
            root.put("padding", null);
            List<Object> added = new ArrayList<>();
            for (int i = 0; i < SPECIAL_TOKENS.size(); i++) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("id", i);
                t.put("content", SPECIAL_TOKENS.get(i));
                t.put("single_word", false);
                t.put("lstrip", false);
                t.put("rstrip", false);
                t.put("normalized", false);
                t.put("special", true);
                added.add(t);
            }
            root.put("added_tokens", added);
            root.put("normalizer", sequence("normalizers",
                    map("type", "Prepend", "prepend", SPACE_MARKER),
                    map("type", "Replace", "pattern", map("String", " "), "content", SPACE_MARKER)));
            root.put("pre_tokenizer", null);
            root.put("post_processor", null);
            root.put("decoder", sequence("decoders",
                    map("type", "Replace", "pattern", map("String", SPACE_MARKER), "content", " "),
                    map("type", "ByteFallback"),
                    map("type", "Fuse"),
                    map("type", "Strip", "content", " ", "start", 1, "stop", 0)));
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("type", "BPE");
            model.put("dropout", null);
            model.put("unk_token", SPECIAL_TOKENS.get(0));
            model.put("continuing_subword_prefix", null);
            model.put("end_of_word_suffix", null);
            model.put("fuse_unk", true);
            model.put("byte_fallback", true);
            model.put("ignore_merges", false);
            Map<String, Object> vocab = new LinkedHashMap<>();
            for (int i = 0; i < vocabulary.size(); i++) {
                vocab.put(vocabulary.get(i), i);
            }
            model.put("vocab", vocab);
            List<Object> m = new ArrayList<>(merges.size());
            for (Merge merge : merges) {
                m.add(merge.toString());
            }
            model.put("merges", m);
            root.put("model", model);
            return Json.write(root);
        }

        /** Writes {@link #toJson()} to {@code file} as UTF-8, replacing it. */
        public void write(Path file) throws IOException {
            Files.writeString(file, toJson(), StandardCharsets.UTF_8);
        }

        private static Map<String, Object> sequence(String key, Object... items) {
            return map("type", "Sequence", key, List.of(items));
        }

        private static Map<String, Object> map(Object... keysAndValues) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                m.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
            return m;
        }
    }
}
