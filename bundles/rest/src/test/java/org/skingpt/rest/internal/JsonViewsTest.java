package org.skingpt.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.skingpt.api.consultation.Answer;
import org.skingpt.api.consultation.Provenance;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.inference.StopReason;
import org.skingpt.api.record.AnswerKind;

class JsonViewsTest {

    private static Provenance provenance(int decodeBatch) {
        return new Provenance("vit@1.0.0", "aa", "llama@2.0.0", "bb", "en@1.0.0", GenerationSettings.skinGpt4Defaults(7L),
                true, Instant.EPOCH, decodeBatch);
    }

    @Test
    void anAnswersProvenanceSaysWithHowManyConversationsItWasDecoded() throws Exception {
        Answer batched = new Answer("Describe it", "A plaque.", provenance(3), AnswerKind.STANDARD, 0,
                StopReason.STOP_STRING);
        String json = JsonViews.MAPPER.writeValueAsString(JsonViews.answer(batched, 0));
        assertTrue(json.contains("\"decodeBatch\":3"), json);
        JsonNode p = JsonViews.MAPPER.readTree(json).get("provenance");
        assertEquals(3, p.get("decodeBatch").intValue());
        assertEquals("llama@2.0.0", p.get("languageModel").textValue());
        assertEquals(7L, p.get("settings").get("seed").longValue());

        assertEquals(1, JsonViews.provenance(provenance(1)).get("decodeBatch").intValue());
        ObjectNode old = JsonViews.provenance(new Provenance("vit@1.0.0", "aa", "llama@2.0.0", "bb", "en@1.0.0", null,
                false, Instant.EPOCH));
        assertEquals(0, old.get("decodeBatch").intValue(), "not known: provenance from before it was kept");
    }
}
