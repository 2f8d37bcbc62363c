package org.skingpt.itests;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code models/samples/expected-answers.tsv}: what a consultation answers on each sample image in
 * each locale with the shipped demo weights and the default consultation settings (greedy), as
 * written by {@code org.skingpt.training.SampleAnswers} ({@code models/demo/expected-answers.sh}).
 *
 * @param encoderSha256 SHA-256 of the image encoder's weights the file was written for
 * @param decoderSha256 SHA-256 of the language model's weights the file was written for
 * @param rows          one per sample image and locale
 */
record ExpectedAnswers(String encoderSha256, String decoderSha256, List<Row> rows) {

    static final String FILE = "expected-answers.tsv";
    static final String REGENERATE = "models/demo/expected-answers.sh";

    /** Separates the answers in the digested text; as in {@code SampleAnswers.SEPARATOR}. */
    private static final String SEPARATOR = "\n\u001E\n";
    private static final Pattern WEIGHTS = Pattern.compile("# (encoder|decoder): .* sha256 ([0-9a-f]{64})");

    /**
     * One consultation's expected answers.
     *
     * @param sample    image file name in {@code models/samples}
     * @param locale    language tag of the consultation
     * @param truth     the condition the image was painted as
     * @param diagnosis the condition code the findings name ("" for none)
     * @param digest    {@link #digest} of the four standard answers
     * @param answer1   the first answer (the description), for the message when it differs
     */
    record Row(String sample, String locale, String truth, String diagnosis, String digest, String answer1) {

        Locale languageTag() {
            return Locale.forLanguageTag(locale);
        }

        /** The sample's file name without {@code .png}, e.g. {@code acne_1}. */
        String stem() {
            return sample.replaceFirst("\\.png$", "");
        }
    }

    static ExpectedAnswers read(Path samples) throws Exception {
        Path file = samples.resolve(FILE);
        String encoder = null;
        String decoder = null;
        List<Row> rows = new ArrayList<>();
        boolean header = false;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("#")) {
                Matcher m = WEIGHTS.matcher(line);
                if (m.matches()) {
                    if (m.group(1).equals("encoder")) {
                        encoder = m.group(2);
                    } else {
                        decoder = m.group(2);
                    }
                }
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            if (!header) {
                if (!line.startsWith("sample\tlocale\ttruth\tdiagnosis\tanswers_sha256\tanswer_1")) {
                    throw new IllegalStateException(file + ": unexpected column header " + line);
                }
                header = true;
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 6) {
                throw new IllegalStateException(file + ": a row needs 6 tab-separated fields: " + line);
            }
            rows.add(new Row(f[0], f[1], f[2], f[3].equals("-") ? "" : f[3], f[4], unescape(f[5])));
        }
        if (encoder == null || decoder == null || rows.isEmpty()) {
            throw new IllegalStateException(file + " lacks the weights' SHA-256 lines or rows; regenerate it with "
                    + REGENERATE);
        }
        return new ExpectedAnswers(encoder, decoder, List.copyOf(rows));
    }

    /**
     * SHA-256 (hex) of the UTF-8 of the answers joined by {@code "\n\u001E\n"}, each as recorded
     * (stripped): the digest {@code SampleAnswers} writes.
     */
    static String digest(List<String> answers) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(String.join(SEPARATOR, answers).getBytes(StandardCharsets.UTF_8)));
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                out.append(switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
