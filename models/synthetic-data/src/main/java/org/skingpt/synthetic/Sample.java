package org.skingpt.synthetic;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One generated sample: the image and its ground truth.
 *
 * @param index       sample index; with {@code seed} it fully determines the sample
 * @param seed        the base seed of the generator that made it (not a per-sample seed)
 * @param condition   the condition painted
 * @param fitzpatrick skin type 1 (I) .. 6 (VI)
 * @param concepts    clinical concepts present in the image, decided before painting (unmodifiable)
 * @param image       square RGB image ({@link BufferedImage#TYPE_INT_RGB})
 * @param metadata    acquisition and variant details (site, field of view, lighting, blur, JPEG quality, ...),
 *                    in a stable order (unmodifiable)
 */
public record Sample(int index, long seed, Condition condition, int fitzpatrick, Set<Concept> concepts,
                     BufferedImage image, Map<String, String> metadata) {

    /** Roman numeral of the Fitzpatrick type ("I" .. "VI"). */
    public String fitzpatrickRoman() {
        return roman(fitzpatrick);
    }

    /** Concept identifiers in enum order, as written to {@code labels.jsonl}. */
    public List<String> conceptIds() {
        return concepts.stream().map(Concept::id).toList();
    }

    static String roman(int type) {
        return switch (type) {
            case 1 -> "I";
            case 2 -> "II";
            case 3 -> "III";
            case 4 -> "IV";
            case 5 -> "V";
            case 6 -> "VI";
            default -> throw new IllegalArgumentException("Fitzpatrick type " + type);
        };
    }
}
