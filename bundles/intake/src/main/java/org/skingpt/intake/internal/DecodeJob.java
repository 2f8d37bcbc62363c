package org.skingpt.intake.internal;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.IIOImage;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.event.IIOReadProgressListener;
import javax.imageio.event.IIOWriteProgressListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.skingpt.api.intake.SanitizedImage;

/**
 * One decode, convert and re-encode, run on the intake pool. Everything stays in memory
 * (memory-cached image streams: patient images never reach a temporary file). Any exception or
 * error, out-of-memory included, becomes a refusal; {@link #cancel()} stops the codec at work.
 */
final class DecodeJob implements Callable<SanitizedImage> {

    private final ParsedImage parsed;
    private final AtomicBoolean cancelled = new AtomicBoolean();

    DecodeJob(ParsedImage parsed) {
        this.parsed = parsed;
    }

    /**
     * Asks the codec at work to stop. Only the decoding thread may call a JRE codec's {@code abort()}
     * (the JPEG codecs are locked to the thread using them), so this sets a flag that the codec's
     * progress listener, called on that thread every few rows, turns into an abort. A codec clears
     * an abort request when it starts, so the flag is also checked between the steps.
     */
    void cancel() {
        cancelled.set(true);
    }

    @Override
    public SanitizedImage call() throws Refusal {
        try {
            BufferedImage decoded = decode();
            checkCancelled();
            Pixels.Planes planes = Pixels.extract(decoded);
            decoded = null; // let the decoder's copy go before the next one is made
            checkCancelled();
            ICC_Profile profile = Icc.profile(parsed);
            byte[] rgb = Pixels.toSrgb(planes, profile);
            Pixels.onWhite(rgb, planes.alpha());
            planes = null;
            checkCancelled();
            int orientation = parsed.orientation();
            int width = Pixels.swapsSides(orientation) ? parsed.height() : parsed.width();
            int height = Pixels.swapsSides(orientation) ? parsed.width() : parsed.height();
            byte[] upright = Pixels.orient(rgb, parsed.width(), parsed.height(), orientation);
            rgb = null;
            checkCancelled();
            byte[] png = encode(upright, width, height);
            checkCancelled();
            return new SanitizedImage(png, width, height, parsed.format(), sha256(png));
        } catch (Refusal refusal) {
            throw refusal;
        } catch (Throwable failure) {
            // A hostile file must never take the service down: OutOfMemoryError and the like included.
            if (cancelled.get()) {
                throw new Refusal(Refusal.TIMEOUT, "aborted");
            }
            throw Refusal.malformed(failure.getClass().getName() + " while decoding");
        }
    }

    private BufferedImage decode() throws IOException, Refusal {
        ImageReader r = Codecs.reader(parsed.format());
        r.addIIOReadProgressListener(new AbortWhenCancelled());
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(parsed.codecStream()))) {
            checkCancelled();
            r.setInput(in, true, true);
            if (r.getWidth(0) != parsed.width() || r.getHeight(0) != parsed.height()) {
                throw Refusal.malformed("decoder reads a different size than the header");
            }
            AtomicBoolean damaged = new AtomicBoolean();
            r.addIIOReadWarningListener((source, warning) -> damaged.set(true));
            BufferedImage image = r.read(0, r.getDefaultReadParam());
            checkCancelled();
            if (damaged.get()) {
                // libjpeg fills what it cannot read with grey: not an image to diagnose from
                throw Refusal.malformed("decoder reported damaged data");
            }
            if (image == null || image.getWidth() != parsed.width() || image.getHeight() != parsed.height()) {
                throw Refusal.malformed("decoder returned an unexpected image");
            }
            return image;
        } finally {
            r.dispose();
        }
    }

    private byte[] encode(byte[] rgb, int width, int height) throws IOException {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = Raster.createInterleavedRaster(new DataBufferByte(rgb, rgb.length), width, height,
                width * 3, 3, new int[] {0, 1, 2}, null);
        BufferedImage image = new BufferedImage(cm, raster, false, null);
        ImageWriter w = Codecs.pngWriter();
        w.addIIOWriteProgressListener(new AbortWhenCancelled());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(1024, rgb.length / 4));
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            w.setOutput(out);
            w.write(null, new IIOImage(image, null, null), null);
        } finally {
            w.dispose();
        }
        return PngStructure.onlyCriticalChunks(bytes.toByteArray());
    }

    private void checkCancelled() throws Refusal {
        if (cancelled.get()) {
            throw new Refusal(Refusal.TIMEOUT, "aborted");
        }
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }

    /** Called by the codec on the decoding thread: the one place its {@code abort()} may be called. */
    private final class AbortWhenCancelled implements IIOReadProgressListener, IIOWriteProgressListener {

        @Override
        public void imageProgress(ImageReader source, float percentageDone) {
            if (cancelled.get()) {
                source.abort();
            }
        }

        @Override
        public void imageProgress(ImageWriter source, float percentageDone) {
            if (cancelled.get()) {
                source.abort();
            }
        }

        @Override
        public void imageStarted(ImageReader source, int imageIndex) {
            imageProgress(source, 0);
        }

        @Override
        public void imageStarted(ImageWriter source, int imageIndex) {
            imageProgress(source, 0);
        }

        @Override
        public void sequenceStarted(ImageReader source, int minIndex) {
        }

        @Override
        public void sequenceComplete(ImageReader source) {
        }

        @Override
        public void imageComplete(ImageReader source) {
        }

        @Override
        public void thumbnailStarted(ImageReader source, int imageIndex, int thumbnailIndex) {
        }

        @Override
        public void thumbnailProgress(ImageReader source, float percentageDone) {
        }

        @Override
        public void thumbnailComplete(ImageReader source) {
        }

        @Override
        public void readAborted(ImageReader source) {
        }

        @Override
        public void imageComplete(ImageWriter source) {
        }

        @Override
        public void thumbnailStarted(ImageWriter source, int imageIndex, int thumbnailIndex) {
        }

        @Override
        public void thumbnailProgress(ImageWriter source, float percentageDone) {
        }

        @Override
        public void thumbnailComplete(ImageWriter source) {
        }

        @Override
        public void writeAborted(ImageWriter source) {
        }
    }
}
