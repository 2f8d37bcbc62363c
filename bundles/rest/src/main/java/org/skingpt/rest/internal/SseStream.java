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

    private final HttpServletResponse response;
    private OutputStream out;
    private volatile boolean closed;

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

    /** Sends one event; data is one line of JSON. Returns false once the client has gone away. */
    synchronized boolean send(String event, String jsonData) {
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
            out.flush();
            return true;
        } catch (IOException | IllegalStateException e) {
            closed = true;
            return false;
        }
    }
}
