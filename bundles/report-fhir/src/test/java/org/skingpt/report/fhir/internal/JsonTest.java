package org.skingpt.report.fhir.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void escapesAndDropsEmptyValues() {
        String json = Json.obj()
                .put("s", "  a \"q\" \\ \n\t<b>\u0001 ")
                .put("empty", "")
                .put("blank", "   ")
                .put("none", null)
                .put("list", List.of())
                .put("obj", Json.obj())
                .put("n", 300)
                .put("d", 1.0)
                .put("p", 0.9)
                .put("l", -7L)
                .put("b", true)
                .put("zh", "基底细胞癌")
                .write();
        assertEquals("{\n"
                + "  \"s\": \"a \\\"q\\\" \\\\ \\n\\t<b>\",\n"
                + "  \"n\": 300,\n"
                + "  \"d\": 1.0,\n"
                + "  \"p\": 0.9,\n"
                + "  \"l\": -7,\n"
                + "  \"b\": true,\n"
                + "  \"zh\": \"基底细胞癌\"\n"
                + "}\n", json);
    }

    @Test
    void arraysSkipEmptyItems() {
        String json = Json.obj().put("a", Json.arr(null, Json.obj(), Json.obj().put("x", "y"))).write();
        assertEquals("{\n  \"a\": [\n    {\n      \"x\": \"y\"\n    }\n  ]\n}\n", json);
    }

    @Test
    void narrativeEscapesMarkup() {
        assertEquals("a &lt;b&gt; &amp; &quot;c&quot;<br/>d", Narrative.escape("a <b> & \"c\"\r\nd"));
    }
}
