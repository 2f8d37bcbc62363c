package org.skingpt.rest.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration {@value #PID} of the HTTP API (etc/org.skingpt.rest.cfg). */
@ObjectClassDefinition(name = "SkinGPT HTTP API", description = "The /api/v1 API for hospital systems")
public @interface RestConfig {

    String PID = "org.skingpt.rest";

    @AttributeDefinition(description = "Requests per minute one API token may make (a burst of that many, then"
            + " refilled evenly); over it the API answers 429 with Retry-After. 1 to 100000.")
    int rateLimitPerMinute() default 240;

    @AttributeDefinition(description = "Largest upload of POST /consultations in bytes (all images and fields"
            + " together); larger requests get 413. 1 MiB to 200 MiB.")
    long maxUploadBytes() default 48L * 1024 * 1024;

    @AttributeDefinition(description = "Largest JSON request body in bytes; larger ones get 413. 1 KiB to 1 MiB.")
    int maxJsonBytes() default 64 * 1024;

    @AttributeDefinition(description = "Seconds a client is told to wait (Retry-After) when SkinGPT is at capacity. 1 to 600.")
    int busyRetryAfterSeconds() default 5;

    @AttributeDefinition(description = "Addresses of TLS-terminating proxies whose client-certificate header and"
            + " X-Forwarded-For are trusted, comma-separated (e.g. 127.0.0.1). Empty: none is trusted.")
    String trustedProxies() default "";

    @AttributeDefinition(description = "Header in which a trusted proxy forwards the verified client certificate's"
            + " subject (e.g. X-SSL-Client-S-DN for nginx's $ssl_client_s_dn). Empty: not used.")
    String clientCertificateHeader() default "";

    @AttributeDefinition(description = "Refuse API requests that come without a verified client certificate"
            + " (from Jetty's own TLS or a trusted proxy's header), in addition to the token.")
    boolean requireClientCertificate() default false;
}
