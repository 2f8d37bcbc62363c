package org.skingpt.models.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.skingpt.api.model.ModelKind;

class ArchitectureFactoriesTest {

    private final ArchitectureFactories factories = new ArchitectureFactories();
    private final List<String> events = new ArrayList<>();

    {
        factories.listener(new ArchitectureFactories.Listener() {
            @Override
            public void arrived(ModelKind kind, String architecture) {
                events.add("+" + kind + " " + architecture);
            }

            @Override
            public void departed(ModelKind kind, String architecture, Object factory) {
                events.add("-" + kind + " " + architecture + " " + factory);
            }
        });
    }

    @Test
    void theFactoryRegisteredLastBuildsNewModels() {
        FakeModels.EncoderFactory old = new FakeModels.EncoderFactory("vit", "old");
        FakeModels.EncoderFactory next = new FakeModels.EncoderFactory("vit", "new");
        factories.addEncoderFactory(old);
        factories.addEncoderFactory(next);
        assertSame(next, factories.encoderFactory("vit").orElseThrow());
        factories.removeEncoderFactory(next);
        assertSame(old, factories.encoderFactory("vit").orElseThrow());
        assertEquals(List.of("+IMAGE_ENCODER vit", "+IMAGE_ENCODER vit", "-IMAGE_ENCODER vit new"), events);
    }

    @Test
    void kindsAndArchitecturesAreKeptApart() {
        factories.addEncoderFactory(new FakeModels.EncoderFactory("llama", "an encoder named like a decoder"));
        factories.addLanguageFactory(new FakeModels.LanguageFactory("llama", "decoder"));
        assertEquals("decoder", factories.languageFactory("llama").orElseThrow().toString());
        assertEquals(Optional.empty(), factories.encoderFactory("vit"));
        assertTrue(factories.provides(ModelKind.LANGUAGE_MODEL, "llama"));
        assertFalse(factories.provides(ModelKind.LANGUAGE_MODEL, "mamba"));
        assertEquals(List.of("llama"), factories.architectures(ModelKind.IMAGE_ENCODER));
    }

    @Test
    void factoriesAreToldApartByIdentity() {
        FakeModels.EncoderFactory a = new FakeModels.EncoderFactory("vit", "a");
        factories.addEncoderFactory(a);
        assertTrue(factories.isPresent(a));
        assertFalse(factories.isPresent(new FakeModels.EncoderFactory("vit", "a")));
        factories.removeEncoderFactory(new FakeModels.EncoderFactory("vit", "a")); // not registered: nothing happens
        assertTrue(factories.isPresent(a));
        assertEquals(List.of("+IMAGE_ENCODER vit"), events);
        factories.removeEncoderFactory(a);
        assertFalse(factories.isPresent(a));
        assertFalse(factories.provides(ModelKind.IMAGE_ENCODER, "vit"));
    }
}
