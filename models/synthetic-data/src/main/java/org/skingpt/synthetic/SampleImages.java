package org.skingpt.synthetic;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command line: writes a small gallery, two samples per condition (one on lighter skin, types I-III, one on
 * darker skin, types IV-VI), an {@code overview.png} contact sheet and a {@code README.md} listing the ground
 * truth of every image.
 *
 * <pre>
 * SampleImages OUT_DIR [SEED [SIZE]]     (defaults: seed 2024, size 224)
 * </pre>
 */
public final class SampleImages {
    private SampleImages() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        if (args.length < 1) {
            System.err.println("usage: SampleImages OUT_DIR [SEED [SIZE]]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 2024L;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : SyntheticGenerator.DEFAULT_SIZE;
        write(out, seed, size);
        System.out.println("wrote " + out.resolve("README.md"));
    }

    /** The indices shown for a condition: the first on skin types I-III and the first on types IV-VI. */
    static int[] indicesFor(Condition c) {
        int n = Condition.values().length;
        int light = -1;
        int dark = -1;
        for (int k = 0; light < 0 || dark < 0; k++) {
            int idx = c.ordinal() + n * k;
            int type = SyntheticGenerator.fitzpatrickOf(idx);
            if (type <= 3 && light < 0) {
                light = idx;
            } else if (type >= 4 && dark < 0) {
                dark = idx;
            }
        }
        return new int[] {light, dark};
    }

    public static void write(Path out, long seed, int size) throws IOException {
        Files.createDirectories(out);
        SyntheticGenerator gen = new SyntheticGenerator(seed, size);
        DialogueWriter en = new DialogueWriter(Locale.ENGLISH);
        DialogueWriter zh = new DialogueWriter(Locale.forLanguageTag("zh-CN"));
        List<Sample> samples = new ArrayList<>();
        StringBuilder md = new StringBuilder();
        md.append("# Synthetic dermatology samples\n\n")
          .append("Two synthetic images per condition (one on skin types I-III, one on IV-VI), made by\n")
          .append("`org.skingpt.synthetic.SampleImages` with seed ").append(seed).append(" at ").append(size)
          .append(" px. They are procedurally painted, not photographs of patients, and exist to train and test\n")
          .append("the demo model. Concepts are ground truth: they were decided before each image was painted.\n\n")
          .append("Regenerate (identical pixels):\n\n```\n")
          .append("java -cp models/synthetic-data/target/classes org.skingpt.synthetic.SampleImages <dir> ")
          .append(seed).append(' ').append(size).append("\n```\n\n")
          .append("![overview](overview.png)\n\n")
          .append("| file | condition | Fitzpatrick | concepts | site | diameter (mm) | field of view (mm) |\n")
          .append("|---|---|---|---|---|---|---|\n");
        StringBuilder answers = new StringBuilder("\n## Step-2 reference answers\n\n");
        for (Condition c : Condition.values()) {
            int n = 1;
            for (int idx : indicesFor(c)) {
                Sample s = gen.generate(idx);
                samples.add(s);
                String file = c.id() + "_" + n++ + ".png";
                Files.write(out.resolve(file), GenerateDataset.encode(s.image(), "png"));
                md.append("| [").append(file).append("](").append(file).append(") | ")
                  .append(c.english()).append(" / ").append(c.chinese()).append(" | ")
                  .append(s.fitzpatrickRoman()).append(" | ")
                  .append(String.join(", ", s.conceptIds())).append(" | ")
                  .append(s.metadata().get("site")).append(" | ")
                  .append(s.metadata().get("lesionDiameterMm")).append(" | ")
                  .append(s.metadata().get("fieldOfViewMm")).append(" |\n");
                answers.append("**").append(file).append("** (index ").append(idx).append(")\n\n")
                       .append("- en: ").append(en.step2Answer(s)).append("\n")
                       .append("- zh-CN: ").append(zh.step2Answer(s)).append("\n\n");
            }
        }
        md.append(answers);
        Files.writeString(out.resolve("README.md"), md.toString(), StandardCharsets.UTF_8);

        int cols = 4;
        int rows = (samples.size() + cols - 1) / cols;
        BufferedImage sheet = new BufferedImage(cols * size, rows * size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        for (int i = 0; i < samples.size(); i++) {
            g.drawImage(samples.get(i).image(), (i % cols) * size, (i / cols) * size, null);
        }
        g.dispose();
        Files.write(out.resolve("overview.png"), GenerateDataset.encode(sheet, "png"));
    }
}
