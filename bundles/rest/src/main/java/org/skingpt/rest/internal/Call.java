package org.skingpt.rest.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;

import org.skingpt.api.access.ApiToken;

/**
 * One API request being served: the request and response, the matched route's path parameters, and who is
 * calling (the token; null on public routes).
 */
record Call(HttpServletRequest request, HttpServletResponse response, Map<String, String> params, ApiToken token,
            String clientCertificate, String sourceAddress) {

    String param(String name) {
        return params.get(name);
    }

    /** Who acts in the clinical record and its audit: {@code api:<token name>}. */
    String actor() {
        return token == null ? "anonymous" : "api:" + token.name();
    }

    /** Whether the client asked for a Server-Sent Events stream. */
    boolean wantsEvents() {
        String accept = request.getHeader("Accept");
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/event-stream");
    }
}
