package org.skingpt.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answered as an RFC 9457 problem document ({@code application/problem+json}). The detail is
 * written for the person reading the calling system's log: what was wrong and what to do.
 */
final class Problem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final String title;
    private final Map<String, String> headers = new LinkedHashMap<>();

    Problem(int status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    Problem header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    int status() {
        return status;
    }

    /** A URN naming the kind of problem, stable for programs: {@code urn:skingpt:problem:<type>}. */
    String typeUri() {
        return "urn:skingpt:problem:" + type;
    }

    String type() {
        return type;
    }

    String title() {
        return title;
    }

    String detail() {
        return getMessage();
    }

    Map<String, String> headers() {
        return headers;
    }

    static Problem badRequest(String type, String detail) {
        return new Problem(400, type, "Bad request", detail);
    }

    static Problem notFound(String type, String detail) {
        return new Problem(404, type, "Not found", detail);
    }

    static Problem conflict(String type, String detail) {
        return new Problem(409, type, "Conflict", detail);
    }

    static Problem unavailable(String type, String detail) {
        return new Problem(503, type, "Service unavailable", detail);
    }
}
