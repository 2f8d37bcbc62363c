package org.skingpt.rest.internal;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A Server-Sent Events stream ({@code text/event-stream}). Nothing is sent before the first event, so that an
 * error found before the answer starts (busy, unknown consultation) can still be answered with a status and a
 * problem document. When the client goes away, {@link #closed()} turns true and generation is cancelled.
 */
final class SseStream {

    /**
     * Pieces of text are sent at most this often (the first at once): a flush per generated token costs a
     * write, a chunk and a wake-up of the client per token, which on a small machine slows generation itself.
     */
    static final long TEXT_FLUSH_NANOS = 25_000_000L;

    private final HttpServletResponse response;
    private OutputStream out;
    private volatile boolean closed;
    private long lastFlush;
    private boolean textSent;

    SseStream(HttpServletResponse response) {
        this.response = response;
    }

    /** Whether the first event was sent (the status and headers are then committed). */
    synchronized boolean started() {
        return out != null;
    }

    /** Whether the client has gone away. */
    boolean closed() {
        return closed;
    }

    /** Sends one event at once; data is one line of JSON. Returns false once the client has gone away. */
    synchronized boolean send(String event, String jsonData) {
        return send(event, jsonData, false);
    }

    /**
     * Sends a piece of generated text: written at once, flushed to the client when {@link #TEXT_FLUSH_NANOS}
     * have passed since the last flush (any later event flushes it too).
     */
    synchronized boolean sendText(String event, String jsonData) {
        boolean first = !textSent;
        textSent = true;
        return send(event, jsonData, !first);
    }

    private boolean send(String event, String jsonData, boolean mayWait) {
        if (closed) {
            return false;
        }
        try {
            if (out == null) {
                response.setStatus(200);
                response.setContentType("text/event-stream");
                response.setCharacterEncoding("UTF-8");
                response.setHeader("Cache-Control", "no-store");
                response.setHeader("X-Accel-Buffering", "no"); // nginx: do not buffer the stream
                out = response.getOutputStream();
            }
            out.write(("event: " + event + "\ndata: " + jsonData + "\n\n").getBytes(StandardCharsets.UTF_8));
            long now = System.nanoTime();
            if (!mayWait || now - lastFlush >= TEXT_FLUSH_NANOS) {
                out.flush();
                lastFlush = now;
            }
            return true;
        } catch (IOException | IllegalStateException e) {
            closed = true;
            return false;
        }
    }
}
