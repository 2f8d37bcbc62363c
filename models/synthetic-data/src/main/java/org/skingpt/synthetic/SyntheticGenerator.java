package org.skingpt.synthetic;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;

/**
 * Deterministic generator of synthetic clinical-photo-like skin images with ground-truth concepts.
 *
 * <p>{@code generate(index)} depends only on {@code (baseSeed, imageSize, index)}: identical pixels, concepts
 * and metadata on every run and machine (own SplitMix64 stream, {@link StrictMath}, no clock, no
 * {@code Math.random}, no Java2D rendering or native codecs). Instances are immutable and thread-safe;
 * samples can be generated in parallel and in any order.
 *
 * <p>Balance: the condition is {@code index mod 11} and the Fitzpatrick type {@code index mod 6} (plus one).
 * As 11 and 6 are coprime, every contiguous range of 66 indices holds each (condition, skin type) pair
 * exactly once, and any contiguous range is balanced to within one sample per condition and per type.
 *
 * <p>Nuisance factors (body site, zoom, rotation, lighting, hair, clothing/background at an edge, ruler,
 * blur, noise, JPEG quality) are drawn with the same distribution for every condition.
 */
public final class SyntheticGenerator {
    /** Default image side in pixels (SkinGPT-4 uses 224). */
    public static final int DEFAULT_SIZE = 224;
    private static final int TYPES = 6;

    private final long baseSeed;
    private final int imageSize;

    /**
     * @param baseSeed  seed of the whole data set
     * @param imageSize side of the square images in pixels (32 .. 2048)
     */
    public SyntheticGenerator(long baseSeed, int imageSize) {
        if (imageSize < 32 || imageSize > 2048) {
            throw new IllegalArgumentException("imageSize must be in 32..2048: " + imageSize);
        }
        this.baseSeed = baseSeed;
        this.imageSize = imageSize;
    }

    /** A generator with the default 224-pixel images. */
    public SyntheticGenerator(long baseSeed) {
        this(baseSeed, DEFAULT_SIZE);
    }

    public long baseSeed() {
        return baseSeed;
    }

    public int imageSize() {
        return imageSize;
    }

    /** The condition that {@link #generate(int)} paints for an index. */
    public static Condition conditionOf(int index) {
        Condition[] all = Condition.values();
        return all[Math.floorMod(index, all.length)];
    }

    /** The Fitzpatrick type (1..6) that {@link #generate(int)} uses for an index. */
    public static int fitzpatrickOf(int index) {
        return Math.floorMod(index, TYPES) + 1;
    }

    /**
     * Generates sample {@code index} (non-negative).
     *
     * @throws IllegalArgumentException if {@code index} is negative
     */
    public Sample generate(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0: " + index);
        }
        Condition condition = conditionOf(index);
        int type = fitzpatrickOf(index);
        Rng rng = new Rng(Rng.mix(baseSeed, index));
        Scene s = new Scene(imageSize, rng, type);

        SkinPainter.chooseSkin(s);
        SkinPainter.Site site = rng.pick(SkinPainter.Site.values());
        boolean photodamage = condition == Condition.ACTINIC_KERATOSIS
                || rng.chance(type <= 4 ? 0.12 : 0.04);

        Lesions.Plan plan = Lesions.plan(condition, s);

        double fov = Lesions.logRange(rng, plan.fovMin, plan.fovMax);
        double theta = rng.angle();
        double offU = rng.range(-0.12, 0.12) * fov;
        double offV = rng.range(-0.12, 0.12) * fov;
        double lightAngle = rng.angle();
        s.setCamera(fov, offU, offV, theta, lightAngle);

        s.meta("site", site.label);
        s.meta("skinRgb", String.format(Locale.ROOT, "#%02x%02x%02x", (int) Math.round(s.skin[0] * 255),
                (int) Math.round(s.skin[1] * 255), (int) Math.round(s.skin[2] * 255)));
        s.meta("lesionDiameterMm", plan.diameterMm);
        s.meta("fieldOfViewMm", fov);
        s.meta("mmPerPixel", String.format(Locale.ROOT, "%.4f", s.mmPerPixel));
        s.meta("rotationDeg", StrictMath.toDegrees(theta));
        s.meta("lightAngleDeg", StrictMath.toDegrees(lightAngle));

        SkinPainter.paint(s, site);
        if (photodamage) {
            SkinPainter.photodamage(s);
        }
        plan.paint(s);
        s.meta("variants", plan.variants.length() == 0 ? "none" : plan.variants.toString());

        Effects.hair(s, site);
        Effects.background(s, 0.3);
        Effects.ruler(s, 0.2);
        Effects.lighting(s);
        double blur = rng.chance(0.55) ? rng.range(0.3, 1.4) * imageSize / 224.0 : 0;
        Effects.blur(s, blur);
        s.meta("blurSigmaPx", blur);
        double noise = rng.range(0.003, 0.022);
        Effects.sensorNoise(s, noise, noise * 0.4);
        s.meta("noiseSigma", String.format(Locale.ROOT, "%.4f", noise));
        if (rng.chance(0.8)) {
            int q = rng.between(35, 95);
            Effects.jpeg(s, q);
            s.meta("jpegQuality", q);
        } else {
            s.meta("jpegQuality", "none");
        }

        return new Sample(index, baseSeed, condition, type,
                Collections.unmodifiableSet(EnumSet.copyOf(s.concepts)), Effects.toImage(s),
                Collections.unmodifiableMap(new LinkedHashMap<>(s.meta)));
    }
}
