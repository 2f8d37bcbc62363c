package org.skingpt.report.documents.internal;

import java.awt.Color;
import java.awt.Graphics2D;
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
import org.skingpt.api.report.ReportContext;

/** Consultations as the platform hands them to renderers, in English and Chinese. */
final class Samples {

    static final String ENCODER = "skingpt4-vision@1.2.0";
    static final String ENCODER_SHA = "a1".repeat(32);
    static final String LLM = "skingpt4-llm@1.3.0";
    static final String LLM_SHA = "b2".repeat(32);
    static final String SCRIPT = "<script>alert('x')</script>";
    static final Instant STARTED = Instant.parse("2025-03-04T09:15:00Z");

    /** The Chinese wording a zh-CN locale bundle supplies. */
    static final Map<String, String> ZH = Map.ofEntries(
            Map.entry("report.title", "皮肤咨询报告"),
            Map.entry("report.description", "皮损描述"),
            Map.entry("report.additionalFeatures", "其他特征"),
            Map.entry("report.diagnosis", "可能的诊断"),
            Map.entry("report.differential", "其他可能"),
            Map.entry("report.causes", "可能的原因"),
            Map.entry("report.treatment", "治疗建议"),
            Map.entry("report.referral", "转诊"),
            Map.entry("report.disclaimer", "免责声明"),
            Map.entry("report.synthetic", "合成演示模型——不可用于临床"),
            Map.entry("report.provenance", "来源"),
            Map.entry("report.clinicalContext", "临床背景"),
            Map.entry("report.questions", "问答"),
            Map.entry("report.images", "图像"),
            Map.entry("report.decoding", "解码方式"),
            Map.entry("report.decodedAlone", "单独解码"),
            Map.entry("report.decodedInBatch", "批量解码，同一步最多 {0} 个对话"));

    private Samples() {
    }

    /** A ReportContext as the platform builds it from a locale bundle. */
    record Context(Locale locale, Map<String, String> labels) implements ReportContext {
        @Override
        public String text(String key, String fallback) {
            return labels.getOrDefault(key, fallback);
        }

        @Override
        public String platformVersion() {
            return "0.1.0.test";
        }
    }

    static ReportContext english() {
        return new Context(Locale.ENGLISH, Map.of());
    }

    static ReportContext chinese() {
        return new Context(Locale.SIMPLIFIED_CHINESE, ZH);
    }

    static Provenance provenance(boolean synthetic, String templates, long seed) {
        return new Provenance(ENCODER, ENCODER_SHA, LLM, LLM_SHA, templates,
                GenerationSettings.skinGpt4Defaults(seed), synthetic, STARTED.plusSeconds(seed));
    }

    static Provenance provenance(boolean synthetic, String templates, long seed, int decodeBatch) {
        return new Provenance(ENCODER, ENCODER_SHA, LLM, LLM_SHA, templates,
                GenerationSettings.skinGpt4Defaults(seed), synthetic, STARTED.plusSeconds(seed), decodeBatch);
    }

    static ConsultationRecord englishRecord(boolean urgent, boolean synthetic, int images) {
        Findings findings = new Findings(
                "An irregular dark brown patch, about 8 mm across, with uneven colour. " + SCRIPT,
                "The border is notched & blurred in places; no bleeding.",
                "melanoma",
                "melanoma",
                List.of("dysplastic naevus", "seborrhoeic keratosis"),
                "Sun exposure and a family history of moles are common causes.",
                "See a dermatologist for dermoscopy and an excision biopsy.",
                urgent,
                urgent ? "Suspected malignancy: refer to dermatology within two weeks." : "Routine follow-up in 6 months.",
                "This is not a diagnosis. A doctor must examine the skin.");
        List<Answer> answers = new ArrayList<>();
        String[] questions = {
            "Please describe the lesion and the likely diagnosis.",
            "What other features do you see?",
            "What causes this condition?",
            "What treatment and medication do you suggest?",
            "Is it contagious?",
        };
        String[] texts = {
            findings.description(), findings.additionalFeatures(), findings.causes(), findings.treatment(),
            "No, it is not contagious. <b>bold?</b>",
        };
        for (int i = 0; i < questions.length; i++) {
            // The four standard answers decoded alone, the follow-up (the latest answer) with two others.
            answers.add(new Answer(questions[i], texts[i], provenance(synthetic, "en@0.1.0", 40 + i, i < 4 ? 1 : 3)));
        }
        return new ConsultationRecord("c-123", Locale.ENGLISH, "Changing mole on the back, 54 y, " + SCRIPT,
                "dr.alice", images(images), answers, findings, STARTED);
    }

    static ConsultationRecord chineseRecord(boolean urgent, boolean synthetic) {
        Findings findings = new Findings(
                "皮损为边界不规则的深褐色斑块，直径约八毫米，颜色不均匀。",
                "边缘有切迹，局部模糊，无出血。",
                "黑色素瘤",
                "melanoma",
                List.of("发育不良痣", "脂溢性角化病"),
                "长期日光照射和家族史是常见原因。",
                "建议尽快到皮肤科就诊，进行皮肤镜检查和切除活检。",
                urgent,
                urgent ? "疑似恶性病变：请在两周内转诊皮肤科。" : "六个月后复查。",
                "本报告由软件生成，仅供参考，不能代替医生的诊断。");
        List<Answer> answers = List.of(
                new Answer("请描述皮损并给出可能的诊断。", findings.description(), provenance(synthetic, "zh-CN@0.1.0", 7)),
                new Answer("会传染吗？", "不会传染。", provenance(synthetic, "zh-CN@0.1.0", 8, 2)));
        return new ConsultationRecord("c-456", Locale.SIMPLIFIED_CHINESE, "背部痣近期变化", "张医生", images(1),
                answers, findings, STARTED);
    }

    /** {@code count} small PNGs, each a different colour. */
    static List<ConsultationImage> images(int count) {
        List<ConsultationImage> images = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            images.add(png(64 + 16 * i, 48, new Color(0x8B - 20 * i, 0x5A, 0x3C + 40 * i)));
        }
        return images;
    }

    static ConsultationImage png(int width, int height, Color colour) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0xE8, 0xC4, 0xA8));
        g.fillRect(0, 0, width, height);
        g.setColor(colour);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
            byte[] png = bytes.toByteArray();
            return new ConsultationImage(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png)),
                    width, height, png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The record with its findings replaced. */
    static ConsultationRecord withFindings(ConsultationRecord r, Findings f) {
        return new ConsultationRecord(r.id(), r.locale(), r.clinicalContext(), r.clinician(), r.images(), r.answers(),
                f, r.startedAt());
    }
}
