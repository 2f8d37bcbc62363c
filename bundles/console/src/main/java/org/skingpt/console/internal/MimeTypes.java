package org.skingpt.console.internal;

import java.util.Locale;
import java.util.Map;

/**
 * MIME types of the static files the console serves. The whiteboard's default context answers
 * none, and a browser then refuses Vaadin's JavaScript modules (the page hangs on the loading bar).
 */
public final class MimeTypes {

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("js", "text/javascript"),
            Map.entry("mjs", "text/javascript"),
            Map.entry("css", "text/css"),
            Map.entry("html", "text/html"),
            Map.entry("htm", "text/html"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("ttf", "font/ttf"),
            Map.entry("otf", "font/otf"),
            Map.entry("eot", "application/vnd.ms-fontobject"),
            Map.entry("txt", "text/plain"),
            Map.entry("xml", "application/xml"),
            Map.entry("wasm", "application/wasm"),
            Map.entry("pdf", "application/pdf"),
            Map.entry("br", "application/x-br"),
            Map.entry("gz", "application/gzip"));

    private MimeTypes() {
    }

    /**
     * The {@code Content-Type} of a downloaded report: the renderer's media type as it gave it, parameters
     * included ({@code text/markdown; charset=UTF-8}); a textual type without a {@code charset} gets
     * {@code ; charset=UTF-8}, since reports are UTF-8 (otherwise a browser may guess another encoding).
     */
    public static String forReport(String mediaType) {
        if (mediaType == null || mediaType.isBlank()) {
            return "application/octet-stream";
        }
        String type = mediaType.strip();
        int semicolon = type.indexOf(';');
        String essence = (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        boolean textual = essence.startsWith("text/") || essence.equals("application/json")
                || essence.endsWith("+json") || essence.equals("application/xml") || essence.endsWith("+xml")
                || essence.equals("application/hl7-v2");
        boolean hasCharset = semicolon >= 0 && type.substring(semicolon).toLowerCase(Locale.ROOT).contains("charset=");
        return textual && !hasCharset ? type + "; charset=UTF-8" : type;
    }

    /**
     * MIME type for a file name or path, by its extension (case-insensitive).
     *
     * @return the type, or {@code null} when unknown (the container then decides)
     */
    public static String of(String name) {
        if (name == null) {
            return null;
        }
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        String file = name.substring(slash + 1);
        int query = indexOfAny(file, '?', '#');
        if (query >= 0) {
            file = file.substring(0, query);
        }
        int dot = file.lastIndexOf('.');
        if (dot < 0 || dot == file.length() - 1) {
            return null;
        }
        return BY_EXTENSION.get(file.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        if (i < 0) {
            return j;
        }
        return j < 0 ? i : Math.min(i, j);
    }
}
