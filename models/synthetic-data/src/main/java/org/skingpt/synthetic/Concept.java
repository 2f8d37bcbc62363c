package org.skingpt.synthetic;

import java.util.Locale;
import java.util.Optional;

/**
 * Clinical concepts attached to every synthetic image, in the spirit of SKINCON (Daneshjou et al.):
 * primary lesion types, colours, borders, surface changes, distribution and size.
 *
 * <p>Concepts are decided <em>before</em> an image is painted and the painter draws exactly what they
 * say; they are ground truth, not inferred afterwards. Exactly one {@code SIZE_*} concept and exactly one
 * of {@link #SOLITARY} / {@link #MULTIPLE} is present on every sample.
 *
 * <p>The English and Chinese phrases never contain the name of a {@link Condition}, so a list of
 * concepts never parses as a diagnosis.
 */
public enum Concept {
    // primary lesion types (SKINCON: macule/papule < 10 mm, patch/plaque >= 10 mm)
    MACULE("macule", "macule", "斑疹"),
    PATCH("patch", "patch", "斑片"),
    PAPULE("papule", "papule", "丘疹"),
    PLAQUE("plaque", "plaque", "斑块"),
    NODULE("nodule", "nodule", "结节"),
    PUSTULE("pustule", "pustule", "脓疱"),
    WHEAL("wheal", "wheal", "风团"),
    COMEDO("comedo", "comedo", "粉刺"),
    // colour
    ERYTHEMA("erythema", "erythema", "红斑"),
    HYPERPIGMENTATION("hyperpigmentation", "hyperpigmentation (brown)", "色素沉着"),
    HYPOPIGMENTATION("hypopigmentation", "hypopigmentation (lighter than surrounding skin)", "色素减退"),
    DEPIGMENTATION("depigmentation", "depigmentation (milky white)", "色素脱失"),
    BLACK("black", "black colour", "黑色"),
    BLUE_GRAY("blue_gray", "blue-grey colour", "蓝灰色"),
    COLOR_VARIEGATION("color_variegation", "colour variegation", "颜色不均一"),
    // surface
    SCALE("scale", "scale", "鳞屑"),
    CRUST("crust", "crust", "结痂"),
    ULCER("ulcer", "ulcer", "溃疡"),
    EXCORIATION("excoriation", "excoriation", "抓痕"),
    LICHENIFICATION("lichenification", "lichenification", "苔藓样变"),
    VERRUCOUS("verrucous", "verrucous (warty) surface", "疣状表面"),
    STUCK_ON("stuck_on", "stuck-on appearance", "贴附样外观"),
    PEARLY("pearly", "pearly translucent surface", "珍珠样半透明光泽"),
    TELANGIECTASIA("telangiectasia", "telangiectasia", "毛细血管扩张"),
    // shape and border
    ANNULAR("annular", "annular (ring-shaped)", "环状"),
    CENTRAL_CLEARING("central_clearing", "central clearing", "中央消退"),
    CONFLUENT("confluent", "confluent lesions", "皮损融合"),
    ASYMMETRY("asymmetry", "asymmetry", "不对称"),
    BORDER_REGULAR("border_regular", "regular border", "边界规则"),
    BORDER_IRREGULAR("border_irregular", "irregular border", "边界不规则"),
    WELL_DEMARCATED("well_demarcated", "well-demarcated border", "边界清楚"),
    ILL_DEFINED("ill_defined", "ill-defined border", "边界不清"),
    // distribution, size, background
    SOLITARY("solitary", "solitary lesion", "单发"),
    MULTIPLE("multiple", "multiple lesions", "多发"),
    SIZE_SMALL("size_small", "small size (under 6 mm)", "较小（小于6毫米）"),
    SIZE_MEDIUM("size_medium", "medium size (6 to 20 mm)", "中等大小（6至20毫米）"),
    SIZE_LARGE("size_large", "large size (over 20 mm)", "较大（大于20毫米）"),
    PHOTODAMAGE("photodamage", "sun-damaged surrounding skin", "周围皮肤光老化");

    private final String id;
    private final String english;
    private final String chinese;

    Concept(String id, String english, String chinese) {
        this.id = id;
        this.english = english;
        this.chinese = chinese;
    }

    /** Stable snake_case identifier used in {@code labels.jsonl}. */
    public String id() {
        return id;
    }

    /** English phrase, as used in the step-1 feature list. */
    public String english() {
        return english;
    }

    /** Simplified Chinese phrase, as used in the step-1 feature list. */
    public String chinese() {
        return chinese;
    }

    /** The phrase for a locale: Chinese for any {@code zh} locale, English otherwise. */
    public String label(Locale locale) {
        return Texts.isChinese(locale) ? chinese : english;
    }

    /** The concept with this {@link #id()}, if any. */
    public static Optional<Concept> byId(String id) {
        for (Concept c : values()) {
            if (c.id.equals(id)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The size concept for a diameter in millimetres: under 6 small, 6 to 20 medium, over 20 large. */
    public static Concept sizeFor(double diameterMm) {
        if (diameterMm < 6.0) {
            return SIZE_SMALL;
        }
        return diameterMm <= 20.0 ? SIZE_MEDIUM : SIZE_LARGE;
    }
}
