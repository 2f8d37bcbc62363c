package org.skingpt.synthetic;

import java.util.ArrayList;
import java.util.List;

/**
 * One painter per condition. Each painter first <em>plans</em> the sample (sizes, variants, and therefore
 * its concepts) and only then paints exactly that plan, so the concepts are ground truth by construction.
 */
final class Lesions {
    private Lesions() {
    }

    /** A planned lesion: its concepts are already declared on the scene; {@link #paint} draws them. */
    abstract static class Plan {
        /** Diameter of the principal lesion (or of a typical lesion for eruptions such as acne). */
        double diameterMm;
        /** Range of the field of view (frame width) to choose from. */
        double fovMin;
        double fovMax;
        final StringBuilder variants = new StringBuilder();

        abstract void paint(Scene s);

        void frame(double extentMm, double kMin, double kMax) {
            fovMin = extentMm * kMin;
            fovMax = extentMm * kMax;
        }

        void variant(String v) {
            if (variants.length() > 0) {
                variants.append(',');
            }
            variants.append(v);
        }

        void number(Scene s, boolean multiple) {
            s.concept(multiple ? Concept.MULTIPLE : Concept.SOLITARY);
        }
    }

    static Plan plan(Condition c, Scene s) {
        for (Concept k : c.alwaysPresent()) {
            s.concept(k);
        }
        Plan p = switch (c) {
            case MELANOMA -> new Melanoma(s);
            case NEVUS -> new Nevus(s);
            case BASAL_CELL_CARCINOMA -> new Bcc(s);
            case SEBORRHEIC_KERATOSIS -> new Seborrheic(s);
            case PSORIASIS -> new Psoriasis(s);
            case ECZEMA -> new Eczema(s);
            case ACNE -> new Acne(s);
            case TINEA_CORPORIS -> new Tinea(s);
            case VITILIGO -> new Vitiligo(s);
            case URTICARIA -> new Urticaria(s);
            case ACTINIC_KERATOSIS -> new ActinicKeratosis(s);
        };
        s.concept(Concept.sizeFor(p.diameterMm));
        return p;
    }

    // ------------------------------------------------------------------------------------------ helpers

    static double logRange(Rng rng, double a, double b) {
        return a * StrictMath.pow(b / a, rng.next());
    }

    /** Light-facing term of a dome: positive on the side towards the light, scaled by slope (rho). */
    static double dome(Scene s, double u, double v, double cu, double cv, double rho) {
        double du = u - cu;
        double dv = v - cv;
        double d = Math.sqrt(du * du + dv * dv);
        if (d == 0) {
            return 0;
        }
        double r = Math.min(rho, 1.0);
        return r * (du * s.lightU + dv * s.lightV) / d;
    }

    /** A soft specular spot on a dome of radius {@code rad}, offset towards the light. */
    static double specular(Scene s, double u, double v, double cu, double cv, double rad, double spot) {
        double hu = cu + s.lightU * rad * 0.4;
        double hv = cv + s.lightV * rad * 0.4;
        double du = u - hu;
        double dv = v - hv;
        double q = Math.sqrt(du * du + dv * dv) / (rad * spot);
        double t = 1 - Noise.smoothstep(0, 1, q);
        return t * t;
    }

    /** A random point inside a blob at normalised radius below {@code maxRho}. */
    static double[] pointIn(Scene s, Blob blob, double maxRho) {
        for (int t = 0; t < 30; t++) {
            double a = s.rng.angle();
            double rr = Math.sqrt(s.rng.next()) * blob.bound();
            double u = blob.cu + rr * StrictMath.cos(a);
            double v = blob.cv + rr * StrictMath.sin(a);
            if (blob.rho(u, v) < maxRho) {
                return new double[] {u, v};
            }
        }
        return new double[] {blob.cu, blob.cv};
    }

    /** A point at normalised radius {@code target} along a random direction of a blob. */
    static double[] pointAt(Scene s, Blob blob, double target) {
        double a = s.rng.angle();
        double cu = StrictMath.cos(a);
        double cv = StrictMath.sin(a);
        double rho1 = blob.rho(blob.cu + blob.radius * cu, blob.cv + blob.radius * cv);
        double d = rho1 > 0 ? target * blob.radius / rho1 : 0;
        return new double[] {blob.cu + d * cu, blob.cv + d * cv};
    }

    static double[] mix(double[] a, double[] b, double t) {
        return new double[] {a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t};
    }

    /** Draws a dot in pixel space at a world position. */
    static void dot(Scene s, double u, double v, double radiusMm, double minPx, double opacity) {
        s.strokeDot(s.px(u, v), s.py(u, v), s.pxLen(radiusMm, minPx), opacity);
    }

    // ------------------------------------------------------------------------------------------ melanoma

    static final class Melanoma extends Plan {
        final double radius;
        final boolean raised;
        final boolean nodular;
        final boolean black;
        final boolean blue;
        final boolean red;
        final boolean regression;
        final boolean ulcer;
        final boolean crust;
        final double irregularity;
        final double aspect;

        Melanoma(Scene s) {
            Rng rng = s.rng;
            diameterMm = logRange(rng, 7, 26);
            radius = diameterMm / 2;
            irregularity = rng.range(0.13, 0.24);
            aspect = rng.range(1.0, 1.45);
            nodular = rng.chance(0.25);
            raised = nodular || rng.chance(0.3);
            black = rng.chance(0.6);
            blue = rng.chance(0.45);
            red = rng.chance(0.35);
            regression = rng.chance(0.3);
            ulcer = rng.chance(0.12);
            crust = ulcer || rng.chance(0.1);
            if (nodular) {
                s.concept(Concept.NODULE);
                variant("nodular");
            } else {
                s.primaryBySize(raised, diameterMm);
            }
            if (black) {
                s.concept(Concept.BLACK);
            }
            if (blue) {
                s.concept(Concept.BLUE_GRAY);
            }
            if (red) {
                s.concept(Concept.ERYTHEMA);
            }
            if (regression) {
                s.concept(Concept.HYPOPIGMENTATION);
                variant("regression");
            }
            if (ulcer) {
                s.concept(Concept.ULCER);
            }
            if (crust) {
                s.concept(Concept.CRUST);
            }
            frame(diameterMm * (1 + irregularity), 1.4, 3.0);
        }

        @Override
        void paint(Scene s) {
            Rng rng = s.rng;
            Blob blob = new Blob(rng, 0, 0, radius, irregularity, 7, aspect);
            s.keepClear(0, 0, blob.bound());
            int sWarp = rng.nextIntSeed();
            int sEdge = rng.nextIntSeed();
            int sZone = rng.nextIntSeed();
            int sBlack = rng.nextIntSeed();
            int sBlue = rng.nextIntSeed();
            int sRed = rng.nextIntSeed();
            int sReg = rng.nextIntSeed();
            double a0 = rng.range(0.55, 0.95);
            double dark = rng.range(1.0, 1.6);
            double R = radius;
            double lum = s.skinLuma();
            double[] blueGray = {0.38 * (0.5 + 0.6 * lum), 0.42 * (0.5 + 0.6 * lum), 0.5 * (0.5 + 0.6 * lum)};
            double[] white = {0.84 * (0.55 + 0.5 * lum), 0.8 * (0.55 + 0.5 * lum), 0.8 * (0.55 + 0.5 * lum)};
            double[] blood = s.blood(1.1);
            int[] bb = s.box(0, 0, blob.bound() * 1.3);
            if (bb == null) {
                return;
            }
            // strongest coverage of each declared colour zone, to guarantee that it is really visible
            double seenBlack = 0;
            double seenBlue = 0;
            double seenRed = 0;
            double seenReg = 0;
            for (int y = bb[1]; y <= bb[3]; y++) {
                for (int x = bb[0]; x <= bb[2]; x++) {
                    double u = s.u(x, y);
                    double v = s.v(x, y);
                    double rho = blob.rho(u, v) + 0.22 * (Noise.fbm(u / (0.22 * R), v / (0.22 * R), sWarp, 2) - 0.5);
                    double soft = 0.02 + 0.2 * Noise.value(u / (0.45 * R), v / (0.45 * R), sEdge);
                    double a = Blob.inside(rho, soft);
                    if (a <= 0) {
                        continue;
                    }
                    int i = y * s.size + x;
                    double z = Noise.fbm(u / (0.4 * R), v / (0.4 * R), sZone, 3);
                    double amount = a0 + dark * Noise.smoothstep(0.42, 0.68, z) + 0.3 * (1 - Math.min(rho, 1));
                    double[] mel = Scene.melanin(amount);
                    s.mul(i, mel[0], mel[1], mel[2], a);
                    if (black) {
                        double zb = Noise.fbm(u / (0.3 * R), v / (0.3 * R), sBlack, 2);
                        double ak = a * 0.92 * Noise.smoothstep(0.52, 0.64, zb);
                        s.blend(i, 0.06, 0.045, 0.04, ak);
                        seenBlack = Math.max(seenBlack, ak);
                    }
                    if (blue) {
                        double zc = Noise.fbm(u / (0.3 * R), v / (0.3 * R), sBlue, 2);
                        double ab = a * 0.65 * Noise.smoothstep(0.55, 0.68, zc) * (1 - Noise.smoothstep(0.7, 0.95, rho));
                        s.blend(i, blueGray[0], blueGray[1], blueGray[2], ab);
                        seenBlue = Math.max(seenBlue, ab);
                    }
                    if (red) {
                        double zr = Noise.fbm(u / (0.35 * R), v / (0.35 * R), sRed, 2);
                        double ar = a * Noise.smoothstep(0.52, 0.64, zr);
                        s.mul(i, blood[0], blood[1], blood[2], ar);
                        seenRed = Math.max(seenRed, ar);
                    }
                    if (regression) {
                        double zw = Noise.fbm(u / (0.3 * R), v / (0.3 * R), sReg, 2);
                        double aw = a * 0.6 * Noise.smoothstep(0.58, 0.7, zw) * (1 - Noise.smoothstep(0.6, 0.9, rho));
                        s.blend(i, white[0], white[1], white[2], aw);
                        seenReg = Math.max(seenReg, aw);
                    }
                    if (raised) {
                        s.scale(i, 1 + 0.16 * a * dome(s, u, v, 0, 0, rho));
                    }
                }
            }
            if (black && seenBlack < 0.5) {
                zone(s, blob, new double[] {0.06, 0.045, 0.04}, null, 0.9);
            }
            if (blue && seenBlue < 0.4) {
                zone(s, blob, blueGray, null, 0.65);
            }
            if (red && seenRed < 0.5) {
                zone(s, blob, null, blood, 1.0);
            }
            if (regression && seenReg < 0.4) {
                zone(s, blob, white, null, 0.6);
            }
            // irregular dots and globules near the periphery
            int dots = rng.between(8, 26);
            for (int k = 0; k < dots; k++) {
                double[] p = pointAt(s, blob, rng.range(0.7, 1.08));
                dot(s, p[0], p[1], rng.range(0.12, 0.35), 0.8, rng.range(0.6, 0.95));
            }
            double[] dotColour = mix(s.skin, new double[] {0.1, 0.06, 0.05}, 0.85);
            s.flushBlend(dotColour[0], dotColour[1], dotColour[2]);
            if (nodular) {
                double[] c = pointIn(s, blob, 0.35);
                double nr = R * rng.range(0.35, 0.55);
                Blob nod = new Blob(rng, c[0], c[1], nr, 0.08, 4, rng.range(1, 1.3));
                paintNodule(s, nod, 0.85);
            }
            if (ulcer) {
                double[] c = pointIn(s, blob, 0.5);
                Blob ul = new Blob(rng, c[0], c[1], R * rng.range(0.18, 0.3), 0.18, 5, 1.2);
                paintUlcer(s, ul, true);
            } else if (crust) {
                double[] c = pointIn(s, blob, 0.6);
                Blob cr = new Blob(rng, c[0], c[1], R * rng.range(0.12, 0.22), 0.25, 5, 1.3);
                paintCrust(s, cr);
            }
        }
    }

    /** A small irregular colour zone inside a lesion: blended towards {@code colour}, or absorbed by {@code f}. */
    static void zone(Scene s, Blob host, double[] colour, double[] f, double opacity) {
        double[] c = pointIn(s, host, 0.6);
        Blob z = new Blob(s.rng, c[0], c[1], Math.max(host.radius * s.rng.range(0.18, 0.28), 2 * s.mmPerPixel),
                0.2, 5, s.rng.range(1.0, 1.5));
        int[] bb = s.box(z.cu, z.cv, z.bound() * 1.2);
        if (bb == null) {
            return;
        }
        for (int y = bb[1]; y <= bb[3]; y++) {
            for (int x = bb[0]; x <= bb[2]; x++) {
                double a = Blob.inside(z.rho(s.u(x, y), s.v(x, y)), 0.2) * opacity;
                if (a <= 0) {
                    continue;
                }
                int i = y * s.size + x;
                if (colour != null) {
                    s.blend(i, colour[0], colour[1], colour[2], a);
                } else {
                    s.mul(i, f[0], f[1], f[2], a);
                }
            }
        }
    }

    /** A raised, very dark (blue-black) nodule with a specular highlight. */
    static void paintNodule(Scene s, Blob nod, double strength) {
        int[] bb = s.box(nod.cu, nod.cv, nod.bound() * 1.2);
        if (bb == null) {
            return;
        }
        for (int y = bb[1]; y <= bb[3]; y++) {
            for (int x = bb[0]; x <= bb[2]; x++) {
                double u = s.u(x, y);
                double v = s.v(x, y);
                double rho = nod.rho(u, v);
                double a = Blob.inside(rho, 0.15) * strength;
                if (a <= 0) {
                    continue;
                }
                int i = y * s.size + x;
                s.blend(i, 0.09, 0.07, 0.1, a * 0.85);
                s.scale(i, 1 + 0.35 * a * dome(s, u, v, nod.cu, nod.cv, rho));
                s.shine(i, 0.45 * a * specular(s, u, v, nod.cu, nod.cv, nod.radius, 0.35));
            }
        }
    }

    /** An ulcer: a moist dark-red base, optionally with brown-yellow crust. */
    static void paintUlcer(Scene s, Blob ul, boolean withCrust) {
        int seed = s.rng.nextIntSeed();
        int[] bb = s.box(ul.cu, ul.cv, ul.bound() * 1.2);
        if (bb == null) {
            return;
        }
        for (int y = bb[1]; y <= bb[3]; y++) {
            for (int x = bb[0]; x <= bb[2]; x++) {
                double u = s.u(x, y);
                double v = s.v(x, y);
                double rho = ul.rho(u, v);
                double a = Blob.inside(rho, 0.12);
                if (a <= 0) {
                    continue;
                }
                int i = y * s.size + x;
                double n = Noise.fbm(u / (0.3 * ul.radius), v / (0.3 * ul.radius), seed, 2);
                s.blend(i, 0.42 + 0.15 * n, 0.08, 0.07, a * 0.9);
                if (withCrust) {
                    double ac = a * Noise.smoothstep(0.42, 0.55, n);
                    s.blend(i, 0.5, 0.33, 0.16, ac * 0.9);
                }
                s.shine(i, 0.35 * a * specular(s, u, v, ul.cu, ul.cv, ul.radius, 0.3));
            }
        }
    }

    /** Crust: yellow-brown to dark-brown dried exudate with a rough texture. */
    static void paintCrust(Scene s, Blob cr) {
        int seed = s.rng.nextIntSeed();
        double honey = s.rng.range(0, 1);
        int[] bb = s.box(cr.cu, cr.cv, cr.bound() * 1.2);
        if (bb == null) {
            return;
        }
        for (int y = bb[1]; y <= bb[3]; y++) {
            for (int x = bb[0]; x <= bb[2]; x++) {
                double u = s.u(x, y);
                double v = s.v(x, y);
                double rho = cr.rho(u, v);
                double a = Blob.inside(rho, 0.12);
                if (a <= 0) {
                    continue;
                }
                int i = y * s.size + x;
                double n = Noise.fbm(u * 3, v * 3, seed, 2);
                double k = 0.6 + 0.5 * n;
                s.blend(i, (0.45 + 0.35 * honey) * k, (0.28 + 0.3 * honey) * k, (0.12 + 0.1 * honey) * k, a * 0.9);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ nevus

    static final class Nevus extends Plan {
        final double radius;
        final boolean raised;
        final boolean multiple;
        final double amount;
        final boolean centreDarker;
        final double aspect;

        Nevus(Scene s) {
            Rng rng = s.rng;
            diameterMm = rng.range(2.5, 6.6);
            radius = diameterMm / 2;
            raised = rng.chance(0.45);
            multiple = rng.chance(0.25);
            amount = rng.range(0.9, 1.7);
            centreDarker = rng.chance(0.5);
            aspect = rng.range(1.0, 1.25);
            s.primaryBySize(raised, diameterMm);
            number(s, multiple);
            frame(diameterMm, 1.9, 4.5);
        }

        @Override
        void paint(Scene s) {
            Blob blob = new Blob(s.rng, 0, 0, radius, 0.02, 3, aspect);
            s.keepClear(0, 0, blob.bound() * 1.1);
            paintMole(s, blob, amount);
            if (multiple) {
                int extra = s.rng.between(1, 2);
                for (int k = 0; k < extra; k++) {
                    double[] p = s.placeExtra(radius * s.rng.range(0.5, 0.8));
                    Blob b2 = new Blob(s.rng, p[0], p[1], p[2] / 1.05, 0.02, 3, s.rng.range(1.0, 1.2));
                    paintMole(s, b2, amount * s.rng.range(0.8, 1.1));
                }
            }
        }

        private void paintMole(Scene s, Blob blob, double amt) {
            int seed = s.rng.nextIntSeed();
            int[] bb = s.box(blob.cu, blob.cv, blob.bound() * 1.2);
            if (bb == null) {
                return;
            }
            double soft = s.rng.range(0.05, 0.1);
            for (int y = bb[1]; y <= bb[3]; y++) {
                for (int x = bb[0]; x <= bb[2]; x++) {
                    double u = s.u(x, y);
                    double v = s.v(x, y);
                    double rho = blob.rho(u, v);
                    double a = Blob.inside(rho, soft);
                    if (a <= 0) {
                        continue;
                    }
                    int i = y * s.size + x;
                    double c = 1 - Math.min(rho * rho, 1);
                    double k = amt * (1 + (centreDarker ? 0.18 : -0.15) * c)
                            * (1 + 0.08 * (Noise.fbm(u / (0.3 * blob.radius), v / (0.3 * blob.radius), seed, 2) - 0.5));
                    double[] mel = Scene.melanin(k);
                    s.mul(i, mel[0], mel[1], mel[2], a);
                    if (raised) {
                        s.scale(i, 1 + 0.22 * a * dome(s, u, v, blob.cu, blob.cv, rho));
                        s.shine(i, 0.28 * a * specular(s, u, v, blob.cu, blob.cv, blob.radius, 0.35));
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------ BCC

    static final class Bcc extends Plan {
        final double radius;
        final boolean ulcer;
        final boolean crust;
        final boolean pink;
        final boolean pigmented;
        final double aspect;

        Bcc(Scene s) {
            Rng rng = s.rng;
            diameterMm = logRange(rng, 4, 15);
            radius = diameterMm / 2;
            aspect = rng.range(1.0, 1.3);
            ulcer = rng.chance(0.4);
            crust = ulcer && rng.chance(0.6);
            pink = rng.chance(0.55);
            pigmented = rng.chance(s.fitzpatrick >= 4 ? 0.45 : 0.15);
            s.concept(diameterMm >= 10 ? Concept.NODULE : Concept.PAPULE);
            if (ulcer) {
                s.concept(Concept.ULCER);
                variant("nodulo-ulcerative");
            }
            if (crust) {
                s.concept(Concept.CRUST);
            }
            if (pink) {
                s.concept(Concept.ERYTHEMA);
            }
            if (pigmented) {
                s.concept(Concept.HYPERPIGMENTATION);
                variant("pigmented");
            }
            frame(diameterMm, 1.8, 4.0);
        }

        @Override
        void paint(Scene s) {
            Rng rng = s.rng;
            Blob blob = new Blob(rng, 0, 0, radius, 0.04, 4, aspect);
            s.keepClear(0, 0, blob.bound() * 1.2);
            double R = radius;
            int seed = rng.nextIntSeed();
            double[] pearl;
            if (s.fitzpatrick <= 3) {
                pearl = mix(s.skin, new double[] {0.99, 0.9, 0.88}, 0.55);
            } else {
                pearl = new double[] {
                    Math.min(1, s.skin[0] * 1.4 + 0.1), Math.min(1, s.skin[1] * 1.4 + 0.1),
                    Math.min(1, s.skin[2] * 1.45 + 0.11)};
            }
            double[] pinkF = s.blood(0.55);
            double[] haloF = s.blood(0.3);
            int[] bb = s.box(0, 0, blob.bound() * 1.4);
            if (bb == null) {
                return;
            }
            for (int y = bb[1]; y <= bb[3]; y++) {
                for (int x = bb[0]; x <= bb[2]; x++) {
                    double u = s.u(x, y);
                    double v = s.v(x, y);
                    double rho = blob.rho(u, v);
                    int i = y * s.size + x;
                    if (pink && rho < 1.35) {
                        s.mul(i, haloF[0], haloF[1], haloF[2], 1 - Noise.smoothstep(0.9, 1.35, rho));
                    }
                    double a = Blob.inside(rho, 0.08);
                    if (a <= 0) {
                        continue;
                    }
                    double n = Noise.fbm(u / (0.25 * R), v / (0.25 * R), seed, 2);
                    double ring = Noise.smoothstep(0.5, 0.82, rho) * (1 - Noise.smoothstep(0.9, 1.02, rho));
                    double body = a * (0.3 + 0.3 * ring + 0.1 * n);
                    s.blend(i, pearl[0], pearl[1], pearl[2], body);
                    if (pink) {
                        s.mul(i, pinkF[0], pinkF[1], pinkF[2], a * (0.5 + 0.3 * (1 - ring)));
                    }
                    double d = dome(s, u, v, 0, 0, rho);
                    s.scale(i, 1 + 0.22 * a * d);
                    s.shine(i, a * ring * (0.12 + 0.22 * Math.max(0, d)));
                    s.shine(i, 0.4 * a * specular(s, u, v, 0, 0, R, 0.3));
                }
            }
            if (pigmented) {
                int flecks = rng.between(4, 12);
                for (int k = 0; k < flecks; k++) {
                    double[] p = pointIn(s, blob, 0.85);
                    dot(s, p[0], p[1], rng.range(0.08, 0.25), 0.8, rng.range(0.5, 0.8));
                }
                double[] fc = mix(s.skin, new double[] {0.2, 0.16, 0.17}, 0.75);
                s.flushBlend(fc[0], fc[1], fc[2]);
            }
            // telangiectasia: branching red vessels crossing the surface
            int vessels = rng.between(3, 7);
            for (int k = 0; k < vessels; k++) {
                double[] p = pointAt(s, blob, rng.range(0.75, 0.98));
                double heading = StrictMath.atan2(-p[1], -p[0]) + rng.range(-0.9, 0.9);
                double length = R * rng.range(0.5, 1.0);
                double width = s.pxLen(rng.range(0.05, 0.1), 0.9);
                vessel(s, p[0], p[1], heading, length, width, R * 0.1, 2);
            }
            double[] vc = s.fitzpatrick <= 3 ? new double[] {0.78, 0.22, 0.24} : new double[] {0.55, 0.12, 0.14};
            s.flushBlend(vc[0], vc[1], vc[2]);
            if (ulcer) {
                Blob ul = new Blob(rng, rng.range(-0.1, 0.1) * R, rng.range(-0.1, 0.1) * R, R * rng.range(0.2, 0.35),
                        0.18, 5, 1.2);
                paintUlcer(s, ul, crust);
            }
        }
    }

    /** A wandering, branching vessel drawn into the stroke mask. */
    static void vessel(Scene s, double u, double v, double heading, double length, double widthPx, double step,
                       int depth) {
        Rng rng = s.rng;
        double travelled = 0;
        double px = s.px(u, v);
        double py = s.py(u, v);
        while (travelled < length) {
            heading += rng.gaussian() * 0.35;
            double nu = u + step * StrictMath.cos(heading);
            double nv = v + step * StrictMath.sin(heading);
            double nx = s.px(nu, nv);
            double ny = s.py(nu, nv);
            s.strokeSegment(px, py, nx, ny, widthPx, 0.85);
            if (depth > 0 && rng.chance(0.08)) {
                vessel(s, nu, nv, heading + (rng.chance(0.5) ? 0.8 : -0.8), (length - travelled) * 0.6,
                        Math.max(widthPx * 0.75, 0.8), step, depth - 1);
            }
            u = nu;
            v = nv;
            px = nx;
            py = ny;
            travelled += step;
        }
    }

    // ------------------------------------------------------------------------------------------ seborrheic keratosis

    static final class Seborrheic extends Plan {
        final double radius;
        final boolean multiple;
        final boolean variegated;
        final boolean hornCysts;
        final double amount;
        final double aspect;

        Seborrheic(Scene s) {
            Rng rng = s.rng;
            diameterMm = rng.range(10, 24);
            radius = diameterMm / 2;
            aspect = rng.range(1.1, 1.6);
            multiple = rng.chance(0.3);
            variegated = rng.chance(0.2);
            hornCysts = rng.chance(0.6);
            amount = rng.range(0.6, 1.7);
            number(s, multiple);
            if (variegated) {
                s.concept(Concept.COLOR_VARIEGATION);
            }
            if (hornCysts) {
                variant("horn-cysts");
            }
            frame(diameterMm, 1.6, 3.2);
        }

        @Override
        void paint(Scene s) {
            Blob blob = new Blob(s.rng, 0, 0, radius, 0.05, 5, aspect);
            s.keepClear(0, 0, blob.bound() * 1.1);
            paintSk(s, blob, amount);
            if (multiple) {
                int extra = s.rng.between(1, 2);
                for (int k = 0; k < extra; k++) {
                    double[] p = s.placeExtra(radius * s.rng.range(0.35, 0.6));
                    Blob b2 = new Blob(s.rng, p[0], p[1], p[2] / 1.08, 0.05, 5, s.rng.range(1.0, 1.4));
                    paintSk(s, b2, amount * s.rng.range(0.8, 1.2));
                }
            }
        }

        private void paintSk(Scene s, Blob blob, double amt) {
            Rng rng = s.rng;
            int sMott = rng.nextIntSeed();
            int sRidge = rng.nextIntSeed();
            int sBump = rng.nextIntSeed();
            int sVar = rng.nextIntSeed();
            double R = blob.radius;
            double fq = rng.range(3.0, 4.5) / R;
            double shU = -s.lightU * 0.07 * R;
            double shV = -s.lightV * 0.07 * R;
            int[] bb = s.box(blob.cu, blob.cv, blob.bound() * 1.25);
            if (bb == null) {
                return;
            }
            double seenVar = 0;
            for (int y = bb[1]; y <= bb[3]; y++) {
                for (int x = bb[0]; x <= bb[2]; x++) {
                    double u = s.u(x, y);
                    double v = s.v(x, y);
                    int i = y * s.size + x;
                    double rho = blob.rho(u, v);
                    double a = Blob.inside(rho, 0.025);
                    double shadow = Blob.inside(blob.rho(u - shU, v - shV), 0.08) * (1 - a);
                    if (shadow > 0) {
                        s.scale(i, 1 - 0.4 * shadow);
                    }
                    if (a <= 0) {
                        continue;
                    }
                    double mott = Noise.fbm(u / (0.3 * R), v / (0.3 * R), sMott, 3);
                    double k = amt * (0.7 + 0.6 * mott);
                    if (variegated) {
                        double zv = Noise.smoothstep(0.5, 0.62, Noise.fbm(u / (0.6 * R), v / (0.6 * R), sVar, 2));
                        k += 1.0 * zv;
                        seenVar = Math.max(seenVar, zv * a);
                    }
                    double[] mel = Scene.melanin(k);
                    s.mul(i, mel[0], mel[1], mel[2], a);
                    double rd = Noise.ridge(u * fq, v * fq, sRidge, 2);
                    s.scale(i, 1 - 0.5 * a * Noise.smoothstep(0.8, 0.95, rd));
                    double bn = Noise.value(u * fq * 2.2, v * fq * 2.2, sBump);
                    s.scale(i, 1 + 0.22 * a * (bn - 0.5));
                    s.shine(i, a * 0.2 * Noise.smoothstep(0.62, 0.85, bn) * Noise.smoothstep(0.8, 0.4, rd));
                    double d = dome(s, u, v, blob.cu, blob.cv, rho);
                    s.shine(i, a * 0.18 * Noise.smoothstep(0.82, 0.97, rho) * Math.max(0, d));
                }
            }
            if (variegated && seenVar < 0.5) {
                double[] mel = Scene.melanin(1.0);
                zone(s, blob, null, mel, 1.0);
            }
            if (hornCysts) {
                int cysts = rng.between(4, 16);
                for (int k = 0; k < cysts; k++) {
                    double[] p = pointIn(s, blob, 0.8);
                    dot(s, p[0], p[1], rng.range(0.15, 0.35), 0.9, 0.85);
                }
                s.flushBlend(0.93, 0.9, 0.74);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ psoriasis

    static final class Psoriasis extends Plan {
        final double radius;
        final boolean multiple;
        final boolean hyper;
        final double coverage;
        final double amount;
        final double irregularity;
        final double aspect;

        Psoriasis(Scene s) {
            Rng rng = s.rng;
            diameterMm = logRange(rng, 18, 60);
            radius = diameterMm / 2;
            irregularity = rng.range(0.07, 0.14);
            aspect = rng.range(1.0, 1.6);
            multiple = rng.chance(0.5);
            hyper = s.fitzpatrick >= 4 && rng.chance(0.6);
            coverage = rng.range(0.3, 0.75);
            amount = rng.range(0.6, 1.0);
            number(s, multiple);
            if (hyper) {
                s.concept(Concept.HYPERPIGMENTATION);
            }
            frame(diameterMm, 1.25, 2.3);
        }

        @Override
        void paint(Scene s) {
            Blob blob = new Blob(s.rng, 0, 0, radius, irregularity, 6, aspect);
            s.keepClear(0, 0, blob.bound() * 0.8);
            paintPlaque(s, blob);
            if (multiple) {
                int extra = s.rng.between(1, 3);
                for (int k = 0; k < extra; k++) {
                    double[] p = s.placeExtra(radius * s.rng.range(0.25, 0.5));
                    Blob b2 = new Blob(s.rng, p[0], p[1], p[2] / 1.1, irregularity, 6, s.rng.range(1.0, 1.4));
                    paintPlaque(s, b2);
                }
            }
        }

        private void paintPlaque(Scene s, Blob blob) {
            Rng rng = s.rng;
            int sWarp = rng.nextIntSeed();
            int sEry = rng.nextIntSeed();
            int sScale = rng.nextIntSeed();
            int sFlake = rng.nextIntSeed();
            int sCrack = rng.nextIntSeed();
            double R = blob.radius;
            double fs = 1 / (0.22 * Math.min(R, 12));
            double t = 0.64 - 0.3 * coverage;
            double[] mel = Scene.melanin(0.55);
            double[] sc = s.fitzpatrick <= 3 ? new double[] {0.92, 0.92, 0.94} : new double[] {0.84, 0.83, 0.85};
            int[] bb = s.box(blob.cu, blob.cv, blob.bound() * 1.3);
            if (bb == null) {
                return;
            }
            for (int y = bb[1]; y <= bb[3]; y++) {
                for (int x = bb[0]; x <= bb[2]; x++) {
                    double u = s.u(x, y);
                    double v = s.v(x, y);
                    int i = y * s.size + x;
                    double rho = blob.rho(u, v) + 0.05 * (Noise.value(u / (0.15 * R), v / (0.15 * R), sWarp) - 0.5);
                    double a = Blob.inside(rho, 0.022);
                    if (hyper && rho > 0.95 && rho < 1.3) {
                        double rim = (1 - Noise.smoothstep(1.0, 1.25, rho)) * (1 - a);
                        s.mul(i, mel[0], mel[1], mel[2], rim * 0.8);
                    }
                    if (a <= 0) {
                        continue;
                    }
                    double e = amount * (0.8 + 0.4 * Noise.fbm(u / (0.3 * R), v / (0.3 * R), sEry, 2));
                    double[] bl = s.blood(e);
                    s.mul(i, bl[0], bl[1], bl[2], a);
                    double d = dome(s, u, v, blob.cu, blob.cv, rho);
                    s.scale(i, 1 + 0.15 * a * Noise.smoothstep(0.85, 1.0, rho) * d);
                    double n = Noise.fbm(u * fs, v * fs, sScale, 4) + 0.25 * (1 - Math.min(rho, 1)) - 0.1;
                    double as = Noise.smoothstep(t - 0.05, t + 0.05, n) * (1 - Noise.smoothstep(0.82, 0.96, rho));
                    if (as > 0) {
                        double fl = Noise.value(u * 2.5, v * 2.5, sFlake);
                        double cr = Noise.ridge(u * 0.6, v * 0.6, sCrack, 2);
                        as *= 1 - 0.6 * Noise.smoothstep(0.93, 0.99, cr);
                        double k = 0.86 + 0.14 * fl;
                        s.blend(i, sc[0] * k, sc[1] * k, sc[2] * k, as * a * 0.93);
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------ eczema

    static final class Eczema extends Plan {
        final double radius;
        final boolean second;
        final boolean papules;
        final boolean excoriation;
        final boolean crust;
        final boolean scale;
        final boolean lichen;
        final boolean hyper;
        final double amount;

        Eczema(Scene s) {
            Rng rng = s.rng;
            diameterMm = logRange(rng, 20, 55);
            radius = diameterMm / 2;
            second = rng.chance(0.3);
            papules = rng.chance(0.75);
            excoriation = rng.chance(0.55);
            crust = excoriation || rng.chance(0.35);
            scale = rng.chance(0.5);
            lichen = rng.chance(0.3);
            hyper = rng.chance(s.fitzpatrick >= 4 ? 0.6 : 0.1);
            amount = rng.range(0.45, 0.8);
            number(s, second);
            s.concept(lichen ? Concept.PLAQUE : Concept.PATCH);
            if (papules) {
                s.concept(Concept.PAPULE);
            }
            if (excoriation) {
                s.concept(Concept.EXCORIATION);
            }
            if (crust) {
                s.concept(Concept.CRUST);
            }
            if (scale) {
                s.concept(Concept.SCALE);
            }
            if (lichen) {
                s.concept(Concept.LICHENIFICATION);
            }
            if (hyper) {
                s.concept(Concept.HYPERPIGMENTATION);
            }
            frame(diameterMm, 1.15, 2.0);
        }

        @Override
        void paint(Scene s) {
            Rng rng = s.rng;
            float[] field = new float[s.n];
            Blob main = new Blob(rng, 0, 0, radius, 0.2, 6, rng.range(1.0, 1.5));
            s.keepClear(0, 0, radius * 0.6);
            accumulateField(s, main, field);
            if (second) {
                double[] p = s.placeExtra(radius * rng.range(0.35, 0.55));
                accumulateField(s, new Blob(rng, p[0], p[1], p[2], 0.2, 6, rng.range(1.0, 1.5)), field);
            }
            int sEry = rng.nextIntSeed();
            int sHyper = rng.nextIntSeed();
            int sScale = rng.nextIntSeed();
            double spacing = rng.range(0.7, 1.1);
            double angle = rng.angle();
            double l1u = StrictMath.cos(angle);
            double l1v = StrictMath.sin(angle);
            double l2u = StrictMath.cos(angle + 1.2);
            double l2v = StrictMath.sin(angle + 1.2);
            double lineFade = Noise.smoothstep(1.5, 3.5, spacing / s.mmPerPixel);
            double[] mel = Scene.melanin(0.6);
            double[] scol = mix(s.skin, new double[] {0.95, 0.93, 0.9}, 0.75);
            for (int y = 0; y < s.size; y++) {
                for (int x = 0; x < s.size; x++) {
                    int i = y * s.size + x;
                    double f = field[i];
                    if (f <= 0) {
                        continue;
                    }
                    double u = s.u(x, y);
                    double v = s.v(x, y);
                    double[] bl = s.blood(amount * (0.7 + 0.6 * Noise.fbm(u / 3, v / 3, sEry, 2)));
                    s.mul(i, bl[0], bl[1], bl[2], f);
                    if (hyper) {
                        double h = Noise.fbm(u / 4, v / 4, sHyper, 2);
                        s.mul(i, mel[0], mel[1], mel[2], f * (0.4 + 0.6 * h));
                    }
                    if (lichen) {
                        double a1 = (u * l1u + v * l1v) / spacing;
                        double a2 = (u * l2u + v * l2v) / spacing;
                        double t1 = Math.abs(2 * (a1 - Math.floor(a1)) - 1);
                        double t2 = Math.abs(2 * (a2 - Math.floor(a2)) - 1);
                        double lines = (1 - Noise.smoothstep(0, 0.3, t1)) + (1 - Noise.smoothstep(0, 0.3, t2));
                        s.scale(i, 1 - f * (0.06 + 0.22 * lineFade * Math.min(1, lines)));
                    }
                    if (scale) {
                        double fl = Noise.value(u * 2.2, v * 2.2, sScale);
                        s.blend(i, scol[0], scol[1], scol[2], f * 0.55 * Noise.smoothstep(0.62, 0.8, fl));
                    }
                }
            }
            double fov = s.fovMm();
            if (papules) {
                int count = rng.between(25, 80);
                for (int k = 0; k < count; k++) {
                    double[] p = placeInField(s, field, 0.4);
                    if (p == null) {
                        continue;
                    }
                    s.strokeDot(p[0], p[1], s.pxLen(rng.range(0.3, 0.7), 1.1), rng.range(0.7, 1.0));
                }
                s.flushMul(s.blood(1.3));
            }
            if (excoriation) {
                int count = rng.between(3, 9);
                double base = rng.angle();
                List<double[]> crustDots = new ArrayList<>();
                for (int k = 0; k < count; k++) {
                    double[] p = placeInField(s, field, 0.3);
                    if (p == null) {
                        continue;
                    }
                    double ang = base + rng.range(-0.4, 0.4);
                    double len = s.pxLen(rng.range(3, 12), 6) * Math.min(1, 30 / fov * 1.5 + 0.3);
                    double w = s.pxLen(rng.range(0.2, 0.45), 1.2);
                    double x0 = p[0];
                    double y0 = p[1];
                    int segs = 4;
                    for (int q = 0; q < segs; q++) {
                        ang += rng.range(-0.15, 0.15);
                        double x1 = x0 + len / segs * StrictMath.cos(ang);
                        double y1 = y0 + len / segs * StrictMath.sin(ang);
                        s.strokeSegment(x0, y0, x1, y1, w, 0.9);
                        if (q == segs - 1 || rng.chance(0.4)) {
                            crustDots.add(new double[] {x1, y1, w * rng.range(0.6, 1.1)});
                        }
                        x0 = x1;
                        y0 = y1;
                    }
                }
                s.flushMul(s.blood(2.6));
                for (double[] c : crustDots) {
                    s.strokeDot(c[0], c[1], c[2], 0.85);
                }
                s.flushBlend(0.38, 0.14, 0.08);
            }
            if (crust && !excoriation || crust && rng.chance(0.5)) {
                int count = rng.between(2, 6);
                for (int k = 0; k < count; k++) {
                    double[] p = placeInField(s, field, 0.45);
                    if (p == null) {
                        continue;
                    }
                    double cu = s.u(p[0], p[1]);
                    double cv = s.v(p[0], p[1]);
                    paintCrust(s, new Blob(rng, cu, cv, Math.max(rng.range(0.8, 2.5), 2 * s.mmPerPixel), 0.25, 5,
                            1.3));
                }
            }
        }

        private void accumulateField(Scene s, Blob blob, float[] field) {
            int seed = s.rng.nextIntSeed();
            double R = blob.radius;
            int[] bb = s.box(blob.cu, blob.cv, blob.bound() * 1.3);
            if (bb == null) {
                return;
            }
            for (int y = bb[1]; y <= bb[3]; y++) {
                for (int x = bb[0]; x <= bb[2]; x++) {
                    double u = s.u(x, y);
                    double v = s.v(x, y);
                    double rho = blob.rho(u, v);
                    double radial = 1 - Noise.smoothstep(0.35, 1.2, rho);
                    if (radial <= 0) {
                        continue;
                    }
                    double n = Noise.fbm(u / (0.3 * R), v / (0.3 * R), seed, 4);
                    double f = radial * Noise.smoothstep(0.25, 0.55, n + 0.3 * radial);
                    int i = y * s.size + x;
                    if (f > field[i]) {
                        field[i] = (float) Math.min(1, f * 1.15);
                    }
                }
            }
        }
    }

    /**
     * A random pixel position where a field exceeds {@code min}; falls back to the strongest pixel so that
     * a declared feature is always drawn.
     */
    static double[] placeInField(Scene s, float[] field, double min) {
        for (int t = 0; t < 25; t++) {
            int x = s.rng.nextInt(s.size);
            int y = s.rng.nextInt(s.size);
            if (field[y * s.size + x] > min) {
                return new double[] {x + s.rng.next(), y + s.rng.next()};
            }
        }
        int best = 0;
        for (int i = 1; i < field.length; i++) {
            if (field[i] > field[best]) {
                best = i;
            }
        }
        return new double[] {best % s.size + s.rng.next(), best / s.size + s.rng.next()};
    }

    // ------------------------------------------------------------------------------------------ acne

    static final class Acne extends Plan {
        final boolean pustules;
        final boolean comedones;
        final boolean nodules;
        final boolean pih;
        final boolean oily;

        Acne(Scene s) {
            Rng rng = s.rng;
            diameterMm = rng.range(2, 4);
            pustules = rng.chance(0.8);
            comedones = rng.chance(0.75);
            nodules = rng.chance(0.15);
            pih = rng.chance(s.fitzpatrick >= 4 ? 0.6 : 0.15);
            oily = rng.chance(0.5);
            if (pustules) {
                s.concept(Concept.PUSTULE);
            }
            if (comedones) {
                s.concept(Concept.COMEDO);
            }
            if (nodules) {
                s.concept(Concept.NODULE);
            }
            if (pih) {
                s.concept(Concept.HYPERPIGMENTATION);
            }
            fovMin = 22;
            fovMax = 60;
        }

        @Override
        void paint(Scene s) {
            Rng rng = s.rng;
            double cx = rng.range(0.3, 0.7) * s.size;
            double cy = rng.range(0.3, 0.7) * s.size;
            double spread = rng.range(0.25, 0.45) * s.size;
            s.keepClear(s.u(cx, cy), s.v(cx, cy), 0.12 * s.fovMm());
            if (pih) {
                int count = rng.between(4, 12);
                for (int k = 0; k < count; k++) {
                    double[] p = lesionSpot(s, cx, cy, spread);
                    Blob b = new Blob(rng, p[0], p[1], rng.range(0.8, 2.2), 0.2, 5, rng.range(1, 1.5));
                    SkinPainter.fill(s, b, Scene.melanin(rng.range(0.4, 0.8)), 0.3);
                }
            }
            if (nodules) {
                int count = rng.between(1, 2);
                for (int k = 0; k < count; k++) {
                    double[] p = lesionSpot(s, cx, cy, spread);
                    bump(s, p[0], p[1], rng.range(2.5, 4.5), 0.9, 1.3, null, 0);
                }
            }
            int papules = rng.between(10, 30);
            for (int k = 0; k < papules; k++) {
                double[] p = lesionSpot(s, cx, cy, spread);
                bump(s, p[0], p[1], rng.range(0.8, 2.0), rng.range(0.8, 1.3), 1.8, null, 0);
            }
            if (pustules) {
                int count = rng.between(2, 10);
                double[] pus = {0.97, 0.93, 0.74};
                for (int k = 0; k < count; k++) {
                    double[] p = lesionSpot(s, cx, cy, spread);
                    bump(s, p[0], p[1], rng.range(0.8, 1.6), 0.9, 1.7, pus, 0.55);
                }
            }
            if (comedones) {
                int open = rng.between(6, 25);
                for (int k = 0; k < open; k++) {
                    double[] p = lesionSpot(s, cx, cy, spread * 1.2);
                    dot(s, p[0], p[1], rng.range(0.12, 0.3), 0.75, 0.9);
                }
                s.flushBlend(0.16, 0.12, 0.1);
                int closed = rng.between(4, 15);
                for (int k = 0; k < closed; k++) {
                    double[] p = lesionSpot(s, cx, cy, spread * 1.2);
                    dot(s, p[0], p[1], rng.range(0.35, 0.6), 1.0, 0.6);
                }
                double[] wc = mix(s.skin, new double[] {0.98, 0.96, 0.9}, 0.45);
                s.flushBlend(wc[0], wc[1], wc[2]);
            }
            if (oily) {
                int count = rng.between(1, 3);
                int seed = rng.nextIntSeed();
                for (int k = 0; k < count; k++) {
                    double hx = rng.range(0.1, 0.9) * s.size;
                    double hy = rng.range(0.1, 0.9) * s.size;
                    double hr = rng.range(0.12, 0.3) * s.size;
                    double str = rng.range(0.06, 0.14);
                    for (int y = Math.max(0, (int) (hy - hr)); y < Math.min(s.size, (int) (hy + hr)); y++) {
                        for (int x = Math.max(0, (int) (hx - hr)); x < Math.min(s.size, (int) (hx + hr)); x++) {
                            double d = Math.sqrt((x - hx) * (x - hx) + (y - hy) * (y - hy)) / hr;
                            double a = (1 - Noise.smoothstep(0.2, 1, d)) * Noise.value(x / 3.0, y / 3.0, seed);
                            s.shine(y * s.size + x, str * a);
                        }
                    }
                }
            }
            s.meta("papules", papules);
        }

        /** World position of an acne lesion, clustered around a centre. */
        private static double[] lesionSpot(Scene s, double cx, double cy, double spread) {
            double x = cx + s.rng.gaussian() * spread * 0.6;
            double y = cy + s.rng.gaussian() * spread * 0.6;
            x = Math.max(2, Math.min(s.size - 3, x));
            y = Math.max(2, Math.min(s.size - 3, y));
            return new double[] {s.u(x, y), s.v(x, y)};
        }
    }

    /**
     * An inflamed dome (papule, pustule, nodule): red halo of {@code halo} radii, red body, optional opaque
     * centre colour (pus) of relative radius {@code centreFrac}, shading and a highlight.
     */
    static void bump(Scene s, double cu, double cv, double radiusMm, double redness, double halo, double[] centre,
                     double centreFrac) {
        double rp = radiusMm / s.mmPerPixel;
        if (rp < 1.2) {
            radiusMm = 1.2 * s.mmPerPixel;
        }
        double[] haloF = s.blood(0.5 * redness);
        double[] bodyF = s.blood(1.1 * redness);
        int[] bb = s.box(cu, cv, radiusMm * halo);
        if (bb == null) {
            return;
        }
        for (int y = bb[1]; y <= bb[3]; y++) {
            for (int x = bb[0]; x <= bb[2]; x++) {
                double u = s.u(x, y);
                double v = s.v(x, y);
                double du = u - cu;
                double dv = v - cv;
                double d = Math.sqrt(du * du + dv * dv) / radiusMm;
                if (d > halo) {
                    continue;
                }
                int i = y * s.size + x;
                s.mul(i, haloF[0], haloF[1], haloF[2], 1 - Noise.smoothstep(0.6, halo, d));
                double a = 1 - Noise.smoothstep(0.65, 1.05, d);
                if (a <= 0) {
                    continue;
                }
                s.mul(i, bodyF[0], bodyF[1], bodyF[2], a);
                if (centre != null) {
                    double ac = 1 - Noise.smoothstep(centreFrac * 0.7, centreFrac * 1.15, d);
                    s.blend(i, centre[0], centre[1], centre[2], ac * 0.95);
                }
                double dd = d == 0 ? 0 : (du * s.lightU + dv * s.lightV) / (d * radiusMm);
                s.scale(i, 1 + 0.25 * a * Math.min(d, 1) * dd);
                s.shine(i, 0.35 * a * specular(s, u, v, cu, cv, radiusMm, 0.35));
            }
        }
    }

    // ------------------------------------------------------------------------------------------ tinea corporis

    static final class Tinea extends Plan {
        final double radius;
        final double width;
        final boolean multiple;
        final boolean papules;
        final boolean pustules;
        final boolean hyper;
        final double amount;
        final double second;
        final double irregularity;
        final double aspect;

        Tinea(Scene s) {
            Rng rng = s.rng;
            diameterMm = logRange(rng, 16, 50);
            radius = diameterMm / 2;
            width = rng.range(0.13, 0.22);
            irregularity = rng.range(0.04, 0.1);
            aspect = rng.range(1.0, 1.35);
            multiple = rng.chance(0.35);
            second = multiple ? rng.range(0.45, 0.8) : 0;
            papules = rng.chance(0.3);
            pustules = rng.chance(0.15);
            hyper = rng.chance(s.fitzpatrick >= 4 ? 0.7 : 0.1);
            amount = rng.range(0.7, 1.05);
            number(s, multiple);
            if (papules) {
                s.concept(Concept.PAPULE);
            }
            if (pustules) {
                s.concept(Concept.PUSTULE);
            }
            if (hyper) {
                s.concept(Concept.HYPERPIGMENTATION);
            }
            frame(diameterMm * (multiple ? 1.3 : 1.0), 1.25, 2.2);
        }

        @Override
        void paint(Scene s) {
            Rng rng = s.rng;
            Blob blob = new Blob(rng, 0, 0, radius, irregularity, 5, aspect);
            s.keepClear(0, 0, blob.bound() * 1.02);
            paintRing(s, blob);
            if (multiple) {
                double[] p = s.placeExtra(radius * second);
                paintRing(s, new Blob(rng, p[0], p[1], p[2], irregularity, 5, rng.range(1.0, 1.3)));
            }
        }

        private void paintRing(Scene s, Blob blob) {
            Rng rng = s.rng;
            int sWarp = rng.nextIntSeed();
            int sScale = rng.nextIntSeed();
            int sEry = rng.nextIntSeed();
            double w = width;
            double[] mel = Scene.melanin(0.5);
            double[] melC = Scene.melanin(0.15);
            double[] bc = s.blood(0.15);
            double[] scol = mix(s.skin, new double[] {0.94, 0.92, 0.9}, 0.8);
            int[] bb = s.box(blob.cu, blob.cv, blob.bound() * 1.15);
            if (bb == null) {
                return;
            }
            for (int y = bb[1]; y <= bb[3]; y++) {
                for (int x = bb[0]; x <= bb[2]; x++) {
                    double u = s.u(x, y);
                    double v = s.v(x, y);
                    double rho = blob.rho(u, v) + 0.04 * (Noise.value(u / 2, v / 2, sWarp) - 0.5);
                    double outer = Blob.inside(rho, 0.03);
                    if (outer <= 0) {
                        continue;
                    }
                    int i = y * s.size + x;
                    double inner = Noise.smoothstep(1 - w - 0.08, 1 - w + 0.03, rho);
                    double ring = outer * inner;
                    double centre = outer * (1 - inner);
                    double[] bl = s.blood(amount * (0.8 + 0.4 * Noise.value(u / 3, v / 3, sEry)));
                    s.mul(i, bl[0], bl[1], bl[2], ring);
                    if (hyper) {
                        s.mul(i, mel[0], mel[1], mel[2], ring * 0.85);
                        s.mul(i, melC[0], melC[1], melC[2], centre);
                    }
                    s.mul(i, bc[0], bc[1], bc[2], centre);
                    double d = dome(s, u, v, blob.cu, blob.cv, 1);
                    s.scale(i, 1 + 0.1 * ring * d * (rho > 1 - w / 2 ? 1 : -1));
                    double prof = Noise.smoothstep(1 - w - 0.06, 1 - w + 0.04, rho)
                            * (1 - Noise.smoothstep(1 - w * 0.25, 1.0, rho));
                    double n = Noise.value(u * 2.2, v * 2.2, sScale);
                    s.blend(i, scol[0], scol[1], scol[2], outer * prof * 0.6 * Noise.smoothstep(0.42, 0.62, n));
                }
            }
            if (papules) {
                int count = rng.between(6, 16);
                for (int k = 0; k < count; k++) {
                    double[] p = pointAt(s, blob, 1 - w * rng.range(0.2, 0.8));
                    bump(s, p[0], p[1], rng.range(0.35, 0.7), 1.0, 1.4, null, 0);
                }
            }
            if (pustules) {
                int count = rng.between(3, 7);
                for (int k = 0; k < count; k++) {
                    double[] p = pointAt(s, blob, 1 - w * rng.range(0.2, 0.8));
                    bump(s, p[0], p[1], rng.range(0.4, 0.7), 0.9, 1.5, new double[] {0.97, 0.93, 0.76}, 0.6);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------ vitiligo

    static final class Vitiligo extends Plan {
        final double radius;
        final int patches;
        final double irregularity;
        final boolean trichrome;
        final boolean hyperRim;
        final boolean repigmentation;
        final double[] target;

        Vitiligo(Scene s) {
            Rng rng = s.rng;
            diameterMm = logRange(rng, 12, 56);
            radius = diameterMm / 2;
            patches = rng.chance(0.4) ? 1 : rng.between(2, 4);
            irregularity = rng.range(0.08, 0.26);
            trichrome = rng.chance(0.2);
            hyperRim = rng.chance(0.15);
            repigmentation = rng.chance(0.3);
            target = rng.chance(0.5) ? new double[] {0.985, 0.95, 0.93} : new double[] {0.98, 0.91, 0.89};
            number(s, patches > 1);
            s.concept(irregularity > 0.15 ? Concept.BORDER_IRREGULAR : Concept.BORDER_REGULAR);
            s.primaryBySize(false, diameterMm);
            if (trichrome) {
                s.concept(Concept.HYPOPIGMENTATION);
                variant("trichrome");
            }
            if (hyperRim) {
                s.concept(Concept.HYPERPIGMENTATION);
            }
            if (repigmentation) {
                variant("perifollicular-repigmentation");
            }
            frame(diameterMm, 1.3, 2.6);
        }

        @Override
        void paint(Scene s) {
            Rng rng = s.rng;
            Blob blob = new Blob(rng, 0, 0, radius, irregularity, 8, rng.range(1.0, 1.5));
            s.keepClear(0, 0, blob.bound() * 0.9);
            paintPatch(s, blob);
            for (int k = 1; k < patches; k++) {
                double[] p = s.placeExtra(radius * rng.range(0.25, 0.55));
                paintPatch(s, new Blob(rng, p[0], p[1], p[2] / 1.1, irregularity, 8, rng.range(1.0, 1.5)));
            }
        }

        private void paintPatch(Scene s, Blob blob) {
            Rng rng = s.rng;
            int sWarp = rng.nextIntSeed();
            double R = blob.radius;
            double fr = target[0] / s.skin[0];
            double fg = target[1] / s.skin[1];
            double fb = target[2] / s.skin[2];
            double[] mel = Scene.melanin(0.45);
            int[] bb = s.box(blob.cu, blob.cv, blob.bound() * 1.3);
            if (bb == null) {
                return;
            }
            for (int y = bb[1]; y <= bb[3]; y++) {
                for (int x = bb[0]; x <= bb[2]; x++) {
                    double u = s.u(x, y);
                    double v = s.v(x, y);
                    double rho = blob.rho(u, v) + 0.1 * (Noise.fbm(u / (0.2 * R), v / (0.2 * R), sWarp, 2) - 0.5);
                    double a = Blob.inside(rho, 0.025);
                    double part = 0;
                    if (trichrome) {
                        part = Blob.inside(rho / 1.14, 0.03) * (1 - a) * 0.5;
                    }
                    if (hyperRim && rho > 0.95 && rho < 1.3) {
                        double rim = (1 - Noise.smoothstep(1.02, 1.2, rho)) * (1 - a) * (1 - part * 2);
                        s.mul(y * s.size + x, mel[0], mel[1], mel[2], rim * 0.8);
                    }
                    double t = a + part;
                    if (t <= 0) {
                        continue;
                    }
                    int i = y * s.size + x;
                    s.r[i] *= (float) (1 + t * (fr - 1));
                    s.g[i] *= (float) (1 + t * (fg - 1));
                    s.b[i] *= (float) (1 + t * (fb - 1));
                }
            }
            if (repigmentation && blob.radius / s.mmPerPixel > 8) {
                int dots = rng.between(6, 22);
                for (int k = 0; k < dots; k++) {
                    double[] p = pointIn(s, blob, 0.85);
                    dot(s, p[0], p[1], rng.range(0.3, 0.7), 1.0, 0.8);
                }
                double[] c = mix(s.skin, new double[] {0.3, 0.2, 0.15}, 0.15);
                s.flushBlend(c[0], c[1], c[2]);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ urticaria

    static final class Urticaria extends Plan {
        final double[] radii;
        final boolean confluent;
        final boolean annular;

        Urticaria(Scene s) {
            Rng rng = s.rng;
            int count = rng.between(3, 9);
            radii = new double[count];
            double max = 0;
            double min = 1e9;
            for (int k = 0; k < count; k++) {
                radii[k] = logRange(rng, 2.5, 12);
                max = Math.max(max, radii[k]);
                min = Math.min(min, radii[k]);
            }
            confluent = rng.chance(0.5);
            annular = rng.chance(0.35);
            diameterMm = 2 * max;
            s.concept(2 * max >= 10 ? Concept.PLAQUE : Concept.PAPULE);
            if (2 * min < 10) {
                s.concept(Concept.PAPULE);
            }
            if (confluent) {
                s.concept(Concept.CONFLUENT);
            }
            if (annular) {
                s.concept(Concept.ANNULAR);
            }
            fovMin = Math.max(40, 4 * max);
            fovMax = Math.max(100, 6 * max);
        }

        @Override
        void paint(Scene s) {
            Rng rng = s.rng;
            float[] body = new float[s.n];
            float[] flare = new float[s.n];
            float[] pale = new float[s.n];
            double gu = 0;
            double gv = 0;
            for (int k = 0; k < radii.length; k++) {
                double cu;
                double cv;
                double R = radii[k];
                if (k == 0) {
                    cu = 0;
                    cv = 0;
                } else if (confluent && k < 4) {
                    // overlap the previous wheal; stay inside the frame so the merge is visible
                    double a = rng.angle();
                    double d = (radii[k - 1] + R) * rng.range(0.45, 0.8);
                    cu = gu + d * StrictMath.cos(a);
                    cv = gv + d * StrictMath.sin(a);
                    double x = s.px(cu, cv);
                    double y = s.py(cu, cv);
                    if (x < 0.05 * s.size || x > 0.95 * s.size || y < 0.05 * s.size || y > 0.95 * s.size) {
                        cu = gu - d * StrictMath.cos(a);
                        cv = gv - d * StrictMath.sin(a);
                    }
                } else {
                    double x = rng.range(0.1, 0.9) * s.size;
                    double y = rng.range(0.1, 0.9) * s.size;
                    cu = s.u(x, y);
                    cv = s.v(x, y);
                }
                gu = cu;
                gv = cv;
                Blob blob = new Blob(rng, cu, cv, R, rng.range(0.1, 0.22), 6, rng.range(1.0, 1.6));
                if (k == 0) {
                    s.keepClear(cu, cv, blob.bound());
                }
                int[] bb = s.box(cu, cv, blob.bound() * 1.7);
                if (bb == null) {
                    continue;
                }
                for (int y = bb[1]; y <= bb[3]; y++) {
                    for (int x = bb[0]; x <= bb[2]; x++) {
                        double rho = blob.rho(s.u(x, y), s.v(x, y));
                        if (rho > 1.7) {
                            continue;
                        }
                        int i = y * s.size + x;
                        double bd = Blob.inside(rho, 0.08);
                        double fl = 1 - Noise.smoothstep(0.9, 1.65, rho);
                        double pc = annular ? 1 - Noise.smoothstep(0.4, 0.75, rho) : 0.55 * (1 - Noise.smoothstep(0, 0.8, rho));
                        body[i] = Math.max(body[i], (float) bd);
                        flare[i] = Math.max(flare[i], (float) fl);
                        pale[i] = Math.max(pale[i], (float) (pc * bd));
                    }
                }
            }
            double[] flareF = s.blood(0.6);
            double[] bodyF = s.blood(0.3);
            double[] paleC = s.fitzpatrick <= 3 ? mix(s.skin, new double[] {0.99, 0.9, 0.88}, 0.6)
                    : new double[] {s.skin[0] * 1.3 + 0.03, s.skin[1] * 1.28 + 0.03, s.skin[2] * 1.3 + 0.03};
            double lx = s.px(s.lightU, s.lightV) - s.px(0, 0);
            double ly = s.py(s.lightU, s.lightV) - s.py(0, 0);
            double ll = Math.sqrt(lx * lx + ly * ly);
            lx /= ll;
            ly /= ll;
            for (int y = 0; y < s.size; y++) {
                for (int x = 0; x < s.size; x++) {
                    int i = y * s.size + x;
                    if (flare[i] <= 0) {
                        continue;
                    }
                    s.mul(i, flareF[0], flareF[1], flareF[2], flare[i] * (1 - body[i]) * 0.9);
                    double bd = body[i];
                    if (bd <= 0) {
                        continue;
                    }
                    s.mul(i, bodyF[0], bodyF[1], bodyF[2], bd);
                    s.blend(i, paleC[0], paleC[1], paleC[2], pale[i] * 0.55);
                    double gx = x > 0 ? body[i] - body[i - 1] : 0;
                    double gy = y > 0 ? body[i] - body[i - s.size] : 0;
                    s.scale(i, 1 - (s.fitzpatrick >= 4 ? 0.9 : 0.6) * (gx * lx + gy * ly));
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------ actinic keratosis

    static final class ActinicKeratosis extends Plan {
        final double radius;
        final int lesions;
        final boolean illDefined;
        final boolean thick;
        final boolean pigmented;
        final boolean crust;

        ActinicKeratosis(Scene s) {
            Rng rng = s.rng;
            diameterMm = logRange(rng, 5, 16);
            radius = diameterMm / 2;
            lesions = rng.chance(0.4) ? rng.between(2, 3) : 1;
            illDefined = rng.chance(0.7);
            thick = rng.chance(0.35);
            pigmented = rng.chance(0.15);
            crust = rng.chance(0.15);
            number(s, lesions > 1);
            s.concept(illDefined ? Concept.ILL_DEFINED : Concept.WELL_DEMARCATED);
            s.primaryBySize(thick, diameterMm);
            if (pigmented) {
                s.concept(Concept.HYPERPIGMENTATION);
            }
            if (crust) {
                s.concept(Concept.CRUST);
            }
            if (thick) {
                variant("hypertrophic");
            }
            frame(diameterMm, 2.0, 4.0);
        }

        @Override
        void paint(Scene s) {
            Rng rng = s.rng;
            Blob blob = new Blob(rng, 0, 0, radius, 0.1, 6, rng.range(1.0, 1.5));
            s.keepClear(0, 0, blob.bound());
            paintAk(s, blob, true);
            for (int k = 1; k < lesions; k++) {
                double[] p = s.placeExtra(radius * rng.range(0.4, 0.8));
                paintAk(s, new Blob(rng, p[0], p[1], p[2] / 1.1, 0.1, 6, rng.range(1.0, 1.5)), false);
            }
        }

        private void paintAk(Scene s, Blob blob, boolean main) {
            Rng rng = s.rng;
            int sWarp = rng.nextIntSeed();
            int sEry = rng.nextIntSeed();
            int sGrit = rng.nextIntSeed();
            int sCoarse = rng.nextIntSeed();
            double R = blob.radius;
            double soft = illDefined ? 0.28 : 0.06;
            double amount = rng.range(0.4, 0.7);
            double cover = thick ? rng.range(0.65, 0.9) : rng.range(0.4, 0.7);
            double t = 0.62 - 0.3 * cover;
            double[] mel = Scene.melanin(0.6);
            double[] sc = {0.9, 0.85, 0.7};
            int[] bb = s.box(blob.cu, blob.cv, blob.bound() * (1.2 + soft));
            if (bb == null) {
                return;
            }
            for (int y = bb[1]; y <= bb[3]; y++) {
                for (int x = bb[0]; x <= bb[2]; x++) {
                    double u = s.u(x, y);
                    double v = s.v(x, y);
                    double rho = blob.rho(u, v) + 0.14 * (Noise.fbm(u / (0.3 * R), v / (0.3 * R), sWarp, 2) - 0.5);
                    double a = Blob.inside(rho, soft);
                    if (a <= 0) {
                        continue;
                    }
                    int i = y * s.size + x;
                    double[] bl = s.blood(amount * (0.75 + 0.5 * Noise.fbm(u / 2, v / 2, sEry, 2)));
                    s.mul(i, bl[0], bl[1], bl[2], a);
                    if (pigmented) {
                        s.mul(i, mel[0], mel[1], mel[2], a * 0.7);
                    }
                    // rough, adherent scale: irregular flakes with a fine gritty texture
                    double grit = 0.6 * Noise.fbm(u * 1.4, v * 1.4, sGrit, 3)
                            + 0.4 * Noise.fbm(u / (0.25 * R), v / (0.25 * R), sCoarse, 2);
                    double as = Noise.smoothstep(t - 0.08, t + 0.08, grit) * (1 - Noise.smoothstep(0.65, 1.0, rho));
                    double k = 0.78 + 0.22 * Noise.value(u * 6, v * 6, sGrit + 1);
                    s.blend(i, sc[0] * k, sc[1] * k, sc[2] * k, a * as * (thick ? 0.85 : 0.65));
                    if (thick) {
                        s.scale(i, 1 + 0.12 * a * dome(s, u, v, blob.cu, blob.cv, rho));
                    }
                }
            }
            if (crust && main) {
                double[] p = pointIn(s, blob, 0.5);
                paintCrust(s, new Blob(rng, p[0], p[1], Math.max(R * rng.range(0.15, 0.3), 1.5 * s.mmPerPixel), 0.25,
                        5, 1.3));
            }
        }
    }
}
