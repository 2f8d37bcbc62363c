package org.skingpt.store.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** JDBC URL handling: placeholders, H2 durability, and hiding secrets in what is shown. */
final class Urls {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(karaf\\.[a-z.]+|user\\.home|java\\.io\\.tmpdir)}");
    /** H2 separates settings with ';', the other drivers' URLs are query strings ('&'). */
    private static final Pattern H2_SECRET = Pattern.compile("(?i)(password|passwd|pwd)=([^;]*)");
    private static final Pattern SECRET = Pattern.compile("(?i)(password|passwd|pwd|sslpassword)=([^&]*)");
    private static final Pattern USER_INFO = Pattern.compile("^(jdbc:[a-z0-9]+://)[^/@]*@");

    private Urls() {
    }

    /**
     * Replaces {@code ${karaf.data}}, {@code ${karaf.home}}, {@code ${karaf.etc}} (any {@code karaf.*}
     * system property), {@code ${user.home}} and {@code ${java.io.tmpdir}}. Karaf already resolves them in
     * configuration files; the built-in default needs it here. Outside Karaf, {@code karaf.data} is
     * {@code ./data}.
     */
    static String resolve(String url) {
        Matcher m = PLACEHOLDER.matcher(url);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String value = System.getProperty(key);
            if (value == null && key.equals("karaf.data")) {
                value = "data";
            }
            m.appendReplacement(b, Matcher.quoteReplacement(value == null ? m.group() : value.replace('\\', '/')));
        }
        m.appendTail(b);
        return b.toString();
    }

    /**
     * The URL the store opens: for H2, {@code WRITE_DELAY=0} is enforced so that every commit reaches the
     * file before the call returns (a kill -9 loses nothing committed).
     */
    static String forStore(String url) {
        if (!url.startsWith("jdbc:h2:")) {
            return url;
        }
        if (!url.toUpperCase(Locale.ROOT).contains(";WRITE_DELAY=")) {
            return url + ";WRITE_DELAY=0";
        }
        return url.replaceAll("(?i);WRITE_DELAY=[^;]*", ";WRITE_DELAY=0");
    }

    /** The URL with any password (and user information before {@code @}) replaced by {@code ***}. */
    static String redact(String url) {
        if (url == null) {
            return "";
        }
        String s = (url.startsWith("jdbc:h2:") ? H2_SECRET : SECRET).matcher(url).replaceAll("$1=***");
        return USER_INFO.matcher(s).replaceFirst("$1***@");
    }
}
