package org.skingpt.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.skingpt.api.consultation.Provenance;
import org.skingpt.api.inference.GenerationSettings;

/** The served OpenAPI description is valid OpenAPI 3.1 and describes exactly the routes the servlet serves. */
class OpenApiTest {

    private static SwaggerParseResult parse() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(new String(RestComponent.openApi(), StandardCharsets.UTF_8), null,
                options);
    }

    @Test
    void theDescriptionIsValidOpenApi31() {
        SwaggerParseResult result = parse();
        assertTrue(result.getMessages() == null || result.getMessages().isEmpty(), "validation: " + result.getMessages());
        OpenAPI api = result.getOpenAPI();
        assertNotNull(api);
        assertEquals("3.1.0", api.getOpenapi());
        assertNotNull(api.getComponents().getSecuritySchemes().get("apiToken"));
    }

    @Test
    void everyServedRouteIsDescribedWithItsScopeAndNothingElseIs() {
        Map<String, String> described = new TreeMap<>();
        for (Map.Entry<String, PathItem> p : parse().getOpenAPI().getPaths().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> o : p.getValue().readOperationsMap().entrySet()) {
                Object scope = o.getValue().getExtensions() == null ? null
                        : o.getValue().getExtensions().get("x-skingpt-scope");
                described.put(o.getKey().name() + " " + p.getKey(), scope == null ? "" : scope.toString());
                assertNotNull(o.getValue().getResponses(), o.getKey() + " " + p.getKey());
            }
        }
        Map<String, String> served = new TreeMap<>();
        ApiServlet servlet = new ApiServlet(null, RestSettings.DEFAULTS, RestComponent.openApi());
        for (Route r : servlet.routes()) {
            served.put(r.method() + " " + r.template(), r.scope() == null ? "" : r.scope().id());
        }
        assertEquals(served, described);
    }

    @Test
    void everyProvenanceFieldTheApiWritesIsDescribed() {
        Schema<?> schema = parse().getOpenAPI().getComponents().getSchemas().get("Provenance");
        ObjectNode written = JsonViews.provenance(new Provenance("vit@1", "aa", "llama@1", "bb", "en@1",
                GenerationSettings.skinGpt4Defaults(1L), false, Instant.EPOCH, 2));
        Set<String> fields = new TreeSet<>();
        written.fieldNames().forEachRemaining(fields::add);
        assertEquals(fields, new TreeSet<>(schema.getProperties().keySet()));
        assertEquals("integer", schema.getProperties().get("decodeBatch").getTypes().iterator().next());
    }
}
