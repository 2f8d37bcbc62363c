package org.skingpt.rest.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.skingpt.api.access.ApiScope;

/**
 * One operation of the API: a method and a path template ({@code /consultations/{id}/report}) relative to
 * {@code /api/v1}, the scope it needs (null: public), and its handler.
 */
record Route(String method, String template, ApiScope scope, Handler handler) {

    @FunctionalInterface
    interface Handler {
        void handle(Call call) throws Exception;
    }

    /** The path parameters when the path matches this route's template, otherwise null. */
    Map<String, String> match(String path) {
        String[] want = segments(template);
        String[] have = segments(path);
        if (want.length != have.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < want.length; i++) {
            if (want[i].startsWith("{") && want[i].endsWith("}")) {
                if (have[i].isEmpty()) {
                    return null;
                }
                params.put(want[i].substring(1, want[i].length() - 1), have[i]);
            } else if (!want[i].equals(have[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/", -1)) {
            out.add(s);
        }
        if (!out.isEmpty() && out.get(0).isEmpty()) {
            out.remove(0);
        }
        return out.toArray(String[]::new);
    }
}
