package org.skingpt.consultation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.skingpt.api.consultation.NoModelAvailableException;
import org.skingpt.api.inference.ImageEncoder;
import org.skingpt.api.inference.LanguageModel;
import org.skingpt.api.model.ModelServices;

class ModelSelectionTest {

    private final FakeRegistry registry = new FakeRegistry();
    private final ModelSelection selection = new ModelSelection(registry);

    private FakeRegistry.Ref<LanguageModel> language(String name, String version, int width, boolean active,
                                                     int ranking) {
        return registry.register(LanguageModel.class, width(LanguageModel.class, "embeddingWidth", width),
                "org.example.model." + name, version, ModelServices.NAME, name, ModelServices.VERSION, version,
                ModelServices.ACTIVE, active, ModelServices.SHA256, "sha-" + name + "-" + version,
                Constants.SERVICE_RANKING, ranking);
    }

    private FakeRegistry.Ref<ImageEncoder> encoder(String name, String version, int width, boolean active) {
        return registry.register(ImageEncoder.class, width(ImageEncoder.class, "outputWidth", width),
                "org.example.model." + name, version, ModelServices.NAME, name, ModelServices.VERSION, version,
                ModelServices.ACTIVE, active);
    }

    @Test
    void picksTheActiveLanguageModelAndAnActiveEncoderOfItsWidth() {
        language("llm", "1.0.0", 64, false, 0);
        FakeRegistry.Ref<LanguageModel> active = language("llm", "1.1.0", 32, true, 0);
        encoder("vit-wide", "1.0.0", 64, true);
        FakeRegistry.Ref<ImageEncoder> fits = encoder("vit", "1.0.0", 32, true);
        ModelSelection.Selected s = selection.select(() -> "no model");
        assertSame(active, s.languageRef());
        assertSame(fits, s.encoderRef());
        assertSame(active.service, s.languageModel());
        assertSame(fits.service, s.encoder());
        assertEquals(1, registry.held(active));
        assertEquals(1, registry.held(fits));
        assertEquals(2, registry.held(), "only the chosen pair is held; encoders that did not fit were released");
    }

    @Test
    void theHighestRankedActiveLanguageModelThatHasAFittingEncoderWins() {
        language("a", "1.0.0", 16, true, 10); // ranked first, but no encoder fits it
        FakeRegistry.Ref<LanguageModel> b = language("b", "1.0.0", 32, true, 5);
        encoder("vit", "1.0.0", 32, true);
        assertSame(b, selection.select(() -> "no model").languageRef());
        assertEquals(2, registry.held());
    }

    @Test
    void withoutAnActivePairThereIsNoModelInTheConsultationsLanguage() {
        language("llm", "1.0.0", 32, true, 0);
        encoder("vit", "1.0.0", 32, false);
        NoModelAvailableException e = assertThrows(NoModelAvailableException.class,
                () -> selection.select(() -> "没有模型"));
        assertEquals("没有模型", e.getMessage());
        encoder("vit", "2.0.0", 48, true);
        assertThrows(NoModelAvailableException.class, () -> selection.select(() -> "no model"));
        assertEquals(0, registry.held(), "nothing is left got after a refusal");
    }

    @Test
    void findsAnInstalledVersionServingOrNot() {
        FakeRegistry.Ref<LanguageModel> old = language("llm", "1.0.0", 32, false, 0);
        language("llm", "1.1.0", 32, true, 0);
        assertSame(old, selection.installed(LanguageModel.class, "llm@1.0.0"));
        assertNull(selection.installed(LanguageModel.class, "llm@0.9.0"));
        assertNull(selection.installed(LanguageModel.class, "llm"));
        assertNull(selection.installed(LanguageModel.class, null));
    }

    @Test
    void filterCharactersInModelNamesAreEscaped() {
        FakeRegistry.Ref<LanguageModel> odd = language("my(model)*", "1.0.0", 32, true, 0);
        language("my(model)x", "1.0.0", 32, true, 0);
        assertSame(odd, selection.installed(LanguageModel.class, "my(model)*@1.0.0"));
    }

    @Test
    void aStoredConsultationNeedsBothVersionsAndTheLanguageModelsRecordedWeights() {
        language("llm", "1.0.0", 32, false, 0);
        encoder("vit", "1.0.0", 32, false);
        assertNull(selection.missing("llm@1.0.0", "sha-llm-1.0.0", "vit@1.0.0"));
        assertNull(selection.missing("llm@1.0.0", "", "vit@1.0.0"), "no recorded digest: the version decides");
        assertEquals("llm@1.0.0", selection.missing("llm@1.0.0", "other-weights", "vit@1.0.0"));
        assertEquals("llm@2.0.0", selection.missing("llm@2.0.0", "", "vit@1.0.0"));
        assertEquals("vit@2.0.0", selection.missing("llm@1.0.0", "", "vit@2.0.0"));
    }

    /** A model whose only answer is its width. */
    private static <T> T width(Class<T> type, String method, int width) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            if (m.getName().equals(method)) {
                return width;
            }
            if (m.getName().equals("hashCode")) {
                return System.identityHashCode(proxy);
            }
            if (m.getName().equals("equals")) {
                return proxy == args[0];
            }
            throw new UnsupportedOperationException(m.getName());
        }));
    }
}
