package org.skingpt.api.inference;

import java.util.Objects;

/**
 * What an image encoder's own classification head read from the picture, beside its visual tokens: the
 * Fitzpatrick skin type, for example, which the demo encoder's ViT sees but its Q-Former does not pass on
 * to the language model. A consultation may establish a statement group's value from it (a locale's
 * {@code consistency.<group>.finding} key), so that the answers state what the image shows.
 *
 * @param name        what was read, as the model bundle names it ({@code fitzpatrick}); lower-case letters,
 *                    digits and {@code _}
 * @param value       the class the head found likeliest ({@code 3}); same characters
 * @param probability the head's probability for that class, in (0, 1]
 */
public record ImageFinding(String name, String value, double probability) {

    public ImageFinding {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (!name.matches("[a-z0-9_]+") || !value.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("finding names and values are lower-case letters, digits and _: "
                    + name + "=" + value);
        }
        if (!(probability > 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1]: " + probability);
        }
    }
}
