package org.skingpt.report.fhir.internal;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.skingpt.api.consultation.Answer;
import org.skingpt.api.consultation.ConsultationImage;
import org.skingpt.api.consultation.ConsultationRecord;
import org.skingpt.api.consultation.Findings;
import org.skingpt.api.consultation.Provenance;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.inference.StopReason;
import org.skingpt.api.report.ReportContext;

/** Consultations and report contexts as the platform would hand them to a renderer. */
final class TestRecords {

    static final String ENCODER = "skingpt-vit-demo@0.1.0";
    static final String ENCODER_SHA = "a".repeat(63) + "1";
    static final String LLM = "skingpt-llama-demo@0.1.0";
    static final String LLM_SHA = "b".repeat(63) + "2";

    static final String EN_DIAGNOSIS = "melanoma";
    static final String EN_DISCLAIMER = "This is not a medical diagnosis. Please consult a dermatologist.";
    static final String EN_REFERRAL = "Urgent: please see a dermatologist within two weeks.";
    static final String ZH_DIAGNOSIS = "基底细胞癌";
    static final String ZH_DISCLAIMER = "本结果不构成医学诊断，请咨询皮肤科医生。";
    static final String ZH_REFERRAL = "紧急：请在两周内就诊皮肤科。";
    static final String ZH_SYNTHETIC = "不可用于临床：本报告由合成演示模型生成。";

    static final String FOLLOW_UP_QUESTION = "Is it contagious?";
    static final String FOLLOW_UP_ANSWER = "No, it does not spread from person to person.";
    static final String CLINICAL_CONTEXT = "Lesion on the left forearm, 3 months.";

    private TestRecords() {
    }

    static ConsultationRecord english(int images, boolean urgent, boolean synthetic) {
        Findings findings = new Findings(
                "The image shows an asymmetric, irregularly pigmented macule with \"notched\" borders & <variegated> colour.\n"
                        + "Likely diagnosis: melanoma.",
                "Diameter above 6 mm; recent change in size reported.",
                EN_DIAGNOSIS, "melanoma", List.of("dysplastic naevus", "seborrhoeic keratosis"),
                "Ultraviolet exposure and genetic predisposition.",
                "Excision biopsy with histopathology; sun protection.",
                urgent, urgent ? EN_REFERRAL : "", EN_DISCLAIMER);
        return record("consultation-en-" + images + "-" + urgent, Locale.ENGLISH, images, findings, synthetic, 42L, 3);
    }

    static ConsultationRecord chinese(int images, boolean urgent, boolean synthetic) {
        Findings findings = new Findings(
                "图像显示一个珍珠样光泽的丘疹，表面有毛细血管扩张。\n可能的诊断：基底细胞癌。",
                "边缘隆起，中央可见溃疡。",
                ZH_DIAGNOSIS, "bcc", List.of("鳞状细胞癌"),
                "长期日光照射。",
                "手术切除或莫氏手术；注意防晒。",
                urgent, urgent ? ZH_REFERRAL : "", ZH_DISCLAIMER);
        return record("consultation-zh-" + images + "-" + urgent, Locale.SIMPLIFIED_CHINESE, images, findings, synthetic,
                -7L, 1);
    }

    /** English answers were decoded in a batch of up to 3 conversations, Chinese ones alone. */
    static ConsultationRecord record(String id, Locale locale, int imageCount, Findings findings, boolean synthetic,
            long seed, int decodeBatch) {
        Instant started = Instant.parse("2025-03-14T09:26:53.589793Z");
        Provenance provenance = new Provenance(ENCODER, ENCODER_SHA, LLM, LLM_SHA,
                locale.toLanguageTag() + "@0.1.0", GenerationSettings.skinGpt4Defaults(seed), synthetic,
                started.plusSeconds(12), decodeBatch);
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(Answer.standardQuestion(i, "question " + (i + 1), "answer " + (i + 1), provenance,
                    StopReason.STOP_STRING));
        }
        answers.add(Answer.followUpQuestion(FOLLOW_UP_QUESTION, FOLLOW_UP_ANSWER, provenance, StopReason.STOP_STRING));
        List<ConsultationImage> images = new ArrayList<>();
        for (int i = 0; i < imageCount; i++) {
            images.add(image(24 + i * 8, 16 + i * 4, new Color(180, 90 + i * 40, 70)));
        }
        return new ConsultationRecord(id, locale, CLINICAL_CONTEXT, "dr.test", images,
                answers, findings, started);
    }

    /** The same consultation with the patient and encounter references given at its start. */
    static ConsultationRecord withReferences(ConsultationRecord r, String patient, String encounter) {
        return new ConsultationRecord(r.id() + "-ref", r.locale(), r.clinicalContext(), r.clinician(), r.images(),
                r.answers(), r.findings(), r.startedAt(), patient, encounter, "");
    }

    /**
     * A consultation whose answers were made without kind (the three-argument constructor of API 0.4):
     * classified by position, the fifth is a follow-up.
     */
    static ConsultationRecord withoutKinds(ConsultationRecord r) {
        List<Answer> plain = r.answers().stream().map(a -> new Answer(a.question(), a.text(), a.provenance())).toList();
        return new ConsultationRecord(r.id() + "-plain", r.locale(), r.clinicalContext(), r.clinician(), r.images(),
                plain, r.findings(), r.startedAt());
    }

    /** The same consultation with provenance as made before the decode batch was kept (0, not known). */
    static ConsultationRecord withoutDecodeBatch(ConsultationRecord r) {
        List<Answer> old = r.answers().stream().map(a -> {
            Provenance p = a.provenance();
            Provenance unknown = new Provenance(p.imageEncoder(), p.imageEncoderSha256(), p.languageModel(),
                    p.languageModelSha256(), p.templates(), p.settings(), p.syntheticModel(), p.answeredAt());
            return new Answer(a.question(), a.text(), unknown, a.kind(), a.questionNumber(), a.stopReason());
        }).toList();
        return new ConsultationRecord(r.id() + "-unbatched", r.locale(), r.clinicalContext(), r.clinician(), r.images(),
                old, r.findings(), r.startedAt());
    }

    static ConsultationImage image(int width, int height, Color color) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, (x + y) % 5 == 0 ? Color.WHITE.getRGB() : color.getRGB());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] png = out.toByteArray();
        return new ConsultationImage(HexFormat.of().formatHex(digest("SHA-256", png)), width, height, png);
    }

    static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The wording of the record's locale bundle: English uses the renderer's fallbacks. */
    static ReportContext context(Locale locale) {
        Map<String, String> zh = Map.of(
                "report.title", "皮肤病变人工智能分析报告",
                "report.description", "描述",
                "report.additionalFeatures", "其他特征",
                "report.diagnosis", "可能的诊断",
                "report.causes", "可能的原因",
                "report.treatment", "治疗建议",
                "report.referral", "转诊",
                "report.disclaimer", "免责声明",
                "report.synthetic", ZH_SYNTHETIC);
        Map<String, String> texts = locale.getLanguage().equals("zh") ? zh : Map.of();
        return new ReportContext() {
            @Override
            public Locale locale() {
                return locale;
            }

            @Override
            public String text(String key, String fallback) {
                return texts.getOrDefault(key, fallback);
            }

            @Override
            public String platformVersion() {
                return "0.1.0.SNAPSHOT";
            }
        };
    }
}
