package org.skingpt.models.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.skingpt.api.inference.Conversation;
import org.skingpt.api.inference.GenerationListener;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.inference.PromptPart;
import org.skingpt.api.inference.RgbImage;
import org.skingpt.api.model.ModelDescriptor;
import org.skingpt.api.model.ModelKind;

class DrainableModelsTest {

    private static final ModelDescriptor LM = new ModelDescriptor("lm", "1.0.0", ModelKind.LANGUAGE_MODEL, "llama", Map.of(),
            "tokenizer.json", List.of(), "", true);
    private static final ModelDescriptor ENC = new ModelDescriptor("enc", "1.0.0", ModelKind.IMAGE_ENCODER, "vit", Map.of(),
            null, List.of(), "", true);

    private static String ask(Conversation c) {
        return c.generate(List.of(PromptPart.text("hi")), GenerationSettings.greedy(1, List.of()), GenerationListener.ignoring()).text();
    }

    @Test
    void aReplacementServesNewWorkWhileOpenConversationsFinishOnTheModelTheyStartedOn() throws Exception {
        FakeModels.LanguageFactory oldFactory = new FakeModels.LanguageFactory("llama", "old");
        FakeModels.LanguageFactory newFactory = new FakeModels.LanguageFactory("llama", "new");
        FakeModels.Language oldModel = new FakeModels.Language(LM, oldFactory);
        FakeModels.Language newModel = new FakeModels.Language(LM, newFactory);
        DrainableModels.Language served = new DrainableModels.Language(oldModel, oldFactory);

        Conversation open = served.openConversation();
        assertEquals("old", ask(open));
        DrainableModels.Generation<?> old = served.replace(newModel, newFactory);
        assertSame(oldModel, old.model);
        assertSame(newModel, served.model());
        assertSame(newFactory, served.current().factory);

        // The caller drains the old generation; new conversations on the same service object go to the new model.
        Thread drain = new Thread(() -> {
            try {
                old.inFlight.drain(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        drain.start();
        while (!old.inFlight.draining()) {
            Thread.sleep(1);
        }
        try (Conversation next = served.openConversation()) {
            assertEquals("new", ask(next));
        }
        assertEquals(1, served.inFlight(), "the open conversation on the old model");
        assertEquals("old", ask(open), "an open conversation stays on its model");
        assertTrue(drain.isAlive(), "the old model waits for its conversation");
        open.close();
        drain.join(5_000);
        assertEquals(0, old.inFlight.count());
        served.free(old);
        served.freed(old);
        assertTrue(oldModel.closed);
        assertEquals(0, served.inFlight());
    }

    @Test
    void aWithdrawnModelRefusesNewWorkWithAMessage() throws Exception {
        FakeModels.EncoderFactory factory = new FakeModels.EncoderFactory("vit", "f");
        FakeModels.Encoder model = new FakeModels.Encoder(ENC, factory, 8);
        DrainableModels.Encoder served = new DrainableModels.Encoder(model, factory);
        served.encode(new RgbImage(2, 2, new byte[12]));
        DrainableModels.Generation<?> g = served.withdraw();
        assertEquals(0, g.inFlight.drain(0));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> served.encode(new RgbImage(2, 2, new byte[12])));
        assertTrue(e.getMessage().contains("enc@1.0.0 has been withdrawn"), e.getMessage());
        assertEquals(1, model.encodes.get());
    }

    @Test
    void closingTheServiceObjectDoesNotFreeTheModel() {
        FakeModels.EncoderFactory factory = new FakeModels.EncoderFactory("vit", "f");
        FakeModels.Encoder model = new FakeModels.Encoder(ENC, factory, 8);
        new DrainableModels.Encoder(model, factory).close();
        assertTrue(!model.closed);
    }
}
