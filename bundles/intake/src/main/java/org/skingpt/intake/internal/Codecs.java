package org.skingpt.intake.internal;

import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;

/**
 * Chooses the JRE's own JPEG and PNG codecs, the ones this bundle is tested with, even when other
 * ImageIO plug-ins are installed in the JVM.
 */
final class Codecs {

    private static final String JRE_PLUGINS = "com.sun.imageio.plugins.";

    private Codecs() {
    }

    static ImageReader reader(String format) {
        return pick(ImageIO.getImageReadersByFormatName(format), format + " reader");
    }

    static ImageWriter pngWriter() {
        return pick(ImageIO.getImageWritersByFormatName("png"), "png writer");
    }

    private static <T> T pick(Iterator<T> candidates, String what) {
        T first = null;
        while (candidates.hasNext()) {
            T candidate = candidates.next();
            if (candidate.getClass().getName().startsWith(JRE_PLUGINS)) {
                return candidate;
            }
            if (first == null) {
                first = candidate;
            }
        }
        if (first == null) {
            throw new IllegalStateException("no ImageIO " + what + " in this JRE");
        }
        return first;
    }
}
