package org.skingpt.consultation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.skingpt.api.report.ReportRenderer;

class ReportFormatsTest {

    private final FakeRegistry registry = new FakeRegistry();
    private final ReportFormats formats = new ReportFormats(registry);

    private FakeRegistry.Ref<ReportRenderer> renderer(String format, String version, int ranking) {
        return registry.register(ReportRenderer.class, (c, ctx) -> new byte[0], "org.example.report", version,
                ReportRenderer.FORMAT, format, ReportRenderer.MEDIA_TYPE, "text/html",
                ReportRenderer.FILE_EXTENSION, "html", Constants.SERVICE_RANKING, ranking);
    }

    @Test
    void listsTheHighestRankedRendererPerFormatWithoutGettingAny() {
        renderer("letter", "1.0.0", 0);
        FakeRegistry.Ref<ReportRenderer> newer = renderer("letter", "1.1.0", 5);
        FakeRegistry.Ref<ReportRenderer> pdf = renderer("pdf", "1.0.0", 0);
        Map<String, ?> current = formats.current();
        assertEquals(2, current.size());
        assertSame(newer, current.get("letter"));
        assertSame(pdf, current.get("pdf"));
        assertEquals(0, registry.held(), "formats are read from service properties");
    }

    @Test
    void aRendererWithoutItsFormatPropertiesIsIgnored() {
        registry.register(ReportRenderer.class, (c, ctx) -> new byte[0], "org.example.bad", "1.0.0");
        registry.register(ReportRenderer.class, (c, ctx) -> new byte[0], "org.example.half", "1.0.0",
                ReportRenderer.FORMAT, "half");
        renderer("letter", "1.0.0", 0);
        assertEquals(java.util.Set.of("letter"), formats.current().keySet());
        assertEquals(java.util.Set.of("letter"), formats.current().keySet(), "asked again (logged once)");
    }

    @Test
    void aConsultationKeepsTheRendererItPinnedWhileItsBundleIsThere() {
        FakeRegistry.Ref<ReportRenderer> pinned = renderer("letter", "1.0.0", 0);
        Map<String, org.osgi.framework.ServiceReference<ReportRenderer>> atStart = Map.copyOf(formats.current());
        FakeRegistry.Ref<ReportRenderer> newer = renderer("letter", "1.1.0", 5);
        assertSame(pinned, formats.resolve(atStart, "letter"));
        registry.unregister(pinned);
        assertSame(newer, formats.resolve(atStart, "letter"), "withdrawn: the one registered now");
        FakeRegistry.Ref<ReportRenderer> later = renderer("fhir", "1.0.0", 0);
        assertSame(later, formats.resolve(atStart, "fhir"), "installed after the start");
        assertNull(formats.resolve(atStart, "unknown"));
        assertNull(formats.resolve(atStart, null));
    }
}
