package org.skingpt.api.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

class ReportFormatInfoTest {

    @Test
    void readsTheFormatFromServicePropertiesAndTheVersionFromTheBundle() {
        ReportFormatInfo f = ReportFormatInfo.of(ref(bundle(), ReportRenderer.FORMAT, "letter-html",
                ReportRenderer.DISPLAY_NAME, "Letter", ReportRenderer.MEDIA_TYPE, "text/html; charset=UTF-8",
                ReportRenderer.FILE_EXTENSION, "html")).orElseThrow();
        assertEquals(new ReportFormatInfo("letter-html", "Letter", "text/html; charset=UTF-8", "html", "2.1.0"), f);
    }

    @Test
    void displayNameAndExtensionAreOptional() {
        ReportFormatInfo f = ReportFormatInfo.of(ref(bundle(), ReportRenderer.FORMAT, "raw",
                ReportRenderer.MEDIA_TYPE, "application/octet-stream")).orElseThrow();
        assertEquals("raw", f.displayName());
        assertEquals("", f.fileExtension());
        assertEquals(Optional.empty(), ReportFormatInfo.problem(ref(bundle(), ReportRenderer.FORMAT, "raw",
                ReportRenderer.MEDIA_TYPE, "application/octet-stream")));
    }

    @Test
    void aRendererWithoutItsFormatOrMediaTypeIsIgnoredWithAReasonNamingItsBundle() {
        ServiceReference<?> bare = ref(bundle());
        assertTrue(ReportFormatInfo.of(bare).isEmpty());
        String why = ReportFormatInfo.problem(bare).orElseThrow();
        assertTrue(why.contains("org.example.letter 2.1.0"), why);
        assertTrue(why.contains(ReportRenderer.FORMAT + " and " + ReportRenderer.MEDIA_TYPE), why);
        assertTrue(why.contains("@org.skingpt.api.report.ReportFormat"), why);
        ServiceReference<?> blank = ref(bundle(), ReportRenderer.FORMAT, " ", ReportRenderer.MEDIA_TYPE, "text/html");
        assertTrue(ReportFormatInfo.of(blank).isEmpty(), "a blank format id is none");
        assertTrue(ReportFormatInfo.problem(blank).orElseThrow().contains("property " + ReportRenderer.FORMAT));
        ServiceReference<?> notAString = ref(bundle(), ReportRenderer.FORMAT, new String[] {"a"},
                ReportRenderer.MEDIA_TYPE, "text/html");
        assertTrue(ReportFormatInfo.of(notAString).isEmpty());
    }

    @Test
    void anUnregisteredRendererHasNoFormat() {
        ServiceReference<?> gone = ref(null, ReportRenderer.FORMAT, "x", ReportRenderer.MEDIA_TYPE, "text/html");
        assertTrue(ReportFormatInfo.of(gone).isEmpty());
        assertTrue(ReportFormatInfo.problem(gone).isPresent());
    }

    /** The Declarative Services rule for a component property type with PREFIX_: prefix + element name. */
    @Test
    void theComponentPropertyTypeNamesTheRendererProperties() throws Exception {
        Map<String, String> byElement = Map.of("format", ReportRenderer.FORMAT, "displayName",
                ReportRenderer.DISPLAY_NAME, "mediaType", ReportRenderer.MEDIA_TYPE, "fileExtension",
                ReportRenderer.FILE_EXTENSION);
        Method[] elements = ReportFormat.class.getDeclaredMethods();
        assertEquals(byElement.size(), elements.length);
        for (Method m : elements) {
            assertEquals(byElement.get(m.getName()), ReportFormat.PREFIX_ + m.getName(), m.getName());
        }
    }

    private static Bundle bundle() {
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> "org.example.letter";
                    case "getVersion" -> Version.parseVersion("2.1.0");
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static ServiceReference<?> ref(Bundle bundle, Object... properties) {
        Map<String, Object> p = new HashMap<>();
        p.put("service.id", 42L);
        for (int i = 0; i < properties.length; i += 2) {
            p.put((String) properties[i], properties[i + 1]);
        }
        return (ServiceReference<?>) Proxy.newProxyInstance(ServiceReference.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> p.get((String) args[0]);
                    case "getBundle" -> bundle;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
