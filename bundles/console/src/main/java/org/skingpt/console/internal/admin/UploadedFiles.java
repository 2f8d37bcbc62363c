package org.skingpt.console.internal.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Uploaded bundles on their way in: streamed into a file of their own under the data folder (never held in
 * memory), cut off and deleted as soon as they pass the size limit.
 */
public final class UploadedFiles {

    private final Path folder;

    public UploadedFiles(Path folder) {
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }

    /**
     * Stores one upload.
     *
     * @param limit the most bytes accepted
     * @return the stored file
     * @throws Refusal {@code ui.admin.refused.tooLarge} when the upload passes {@code limit} (nothing is kept)
     */
    public Path receive(InputStream in, long limit) throws IOException, Refusal {
        Files.createDirectories(folder);
        Path file = Files.createTempFile(folder, "upload-", ".jar");
        boolean kept = false;
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > limit) {
                    throw new Refusal("ui.admin.refused.tooLarge", megabytes(limit));
                }
                out.write(buffer, 0, n);
            }
            kept = true;
            return file;
        } finally {
            if (!kept) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Deletes an upload that was installed or dropped. */
    public void discard(BundleCandidate c) {
        if (c != null && c.uploaded()) {
            try {
                Files.deleteIfExists(c.file());
            } catch (IOException e) {
                // a leftover in the data folder; removed at the next start
            }
        }
    }

    /** Uploads left over from before a restart are never installed: removed at start. */
    public void clearLeftovers() {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (var files = Files.list(folder)) {
            files.filter(p -> p.getFileName().toString().startsWith("upload-")).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // nothing to clear
        }
    }

    /** A byte limit in whole megabytes, as the setting is written. */
    public static long megabytes(long bytes) {
        return Math.max(1, bytes / (1024 * 1024));
    }
}
