package org.skingpt.models.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skingpt.models.internal.ModelLoaderTest.WEIGHTS;
import static org.skingpt.models.internal.ModelLoaderTest.sha;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.skingpt.api.inference.Conversation;
import org.skingpt.api.inference.GenerationListener;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.inference.ImageEncoder;
import org.skingpt.api.inference.LanguageModel;
import org.skingpt.api.inference.PromptPart;
import org.skingpt.api.inference.RgbImage;
import org.skingpt.api.model.ModelFailure;
import org.skingpt.api.model.ModelInfo;
import org.skingpt.api.model.ModelServices;
import org.skingpt.api.model.ModelState;

/**
 * The whole extender in a real (embedded Felix) framework, with model bundles built on the fly and
 * fake architecture factories standing for {@code org.skingpt.vision} and {@code org.skingpt.language}:
 * loading and withdrawing, typed failures, and what happens when an architecture's factory goes away
 * and a new revision's comes.
 */
class ModelBundleExtenderTest {

    @TempDir
    Path storage;
    private Framework framework;
    private BundleContext context;
    private ModelBundleExtender extender;

    @BeforeEach
    void start() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.resolve("felix").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put("felix.service.urlhandlers", "false");
        config.put("felix.log.level", "1");
        config.put("karaf.data", storage.resolve("data").toString());
        framework = new FrameworkFactory().newFramework(config);
        framework.start();
        context = framework.getBundleContext();
    }

    @AfterEach
    void stop() throws Exception {
        if (extender != null) {
            extender.deactivate();
        }
        framework.stop();
        framework.waitForStop(10_000);
    }

    private static ModelPolicyConfig policy(int graceSeconds) {
        return (ModelPolicyConfig) Proxy.newProxyInstance(ModelPolicyConfig.class.getClassLoader(), new Class<?>[] {ModelPolicyConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "pinned" -> new String[0];
                    case "drainSeconds" -> 10;
                    case "architectureGraceSeconds" -> graceSeconds;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private void startExtender(int graceSeconds) {
        extender = new ModelBundleExtender(context, () -> "cpu", policy(graceSeconds));
    }

    private Bundle install(String bsn, String json, Map<String, byte[]> files) throws Exception {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        a.putValue(Constants.BUNDLE_SYMBOLICNAME, bsn);
        a.putValue(Constants.BUNDLE_VERSION, "1.0.0");
        a.putValue(ModelServices.MODEL_HEADER, "model.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, m)) {
            put(jar, "model.json", json.getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                put(jar, f.getKey(), f.getValue());
            }
        }
        Bundle b = context.installBundle("test:" + bsn, new ByteArrayInputStream(out.toByteArray()));
        b.start();
        return b;
    }

    private static void put(JarOutputStream jar, String name, byte[] data) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        jar.write(data);
        jar.closeEntry();
    }

    private Bundle installEncoder(String architecture) throws Exception {
        return install("test.enc", ModelLoaderTest.encoderJson(architecture, sha(WEIGHTS)), Map.of("weights/enc.safetensors", WEIGHTS));
    }

    private Bundle installLanguageModel() throws Exception {
        return install("test.lm", ModelLoaderTest.languageJson("llama", sha(WEIGHTS)),
                Map.of("weights/lm.safetensors", WEIGHTS, "tokenizer.json", "{}".getBytes(StandardCharsets.UTF_8)));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, what);
            Thread.sleep(5);
        }
    }

    private ModelInfo info(String name) {
        return extender.models().stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }

    private ModelInfo awaitState(String name, ModelState state) throws InterruptedException {
        await(name + " " + state + ": " + extender.models(), () -> info(name) != null && info(name).state() == state);
        return info(name);
    }

    private <T> ServiceReference<T> reference(Class<T> type, String name) throws Exception {
        return context.getServiceReferences(type, "(" + ModelServices.NAME + "=" + name + ")").stream().findFirst().orElse(null);
    }

    private static String ask(Conversation c) {
        return c.generate(List.of(PromptPart.text("hi")), GenerationSettings.greedy(1, List.of()), GenerationListener.ignoring()).text();
    }

    @Test
    void loadsVerifiesAndRegistersAModelAndWithdrawsItWhenItsBundleStops() throws Exception {
        FakeModels.EncoderFactory vision = new FakeModels.EncoderFactory("vit", "vision r1");
        startExtender(60);
        extender.addEncoderFactory(vision);
        Bundle b = installEncoder("vit");
        // READY is published first and the version selection (the active flag) right after it, outside the entry's
        // lock: a model is briefly READY and not yet active (a fresh-clone CI run read it in that moment).
        await("enc ready and active: " + extender.models(),
                () -> info("enc") != null && info("enc").state() == ModelState.READY && info("enc").active());
        ModelInfo ready = info("enc");
        assertTrue(ready.active());
        assertNull(ready.failure());
        assertEquals(sha(WEIGHTS), ready.sha256());
        ServiceReference<ImageEncoder> ref = reference(ImageEncoder.class, "enc");
        assertNotNull(ref);
        assertEquals(Boolean.TRUE, ref.getProperty(ModelServices.ACTIVE));
        assertEquals("vit", ref.getProperty("skingpt.architecture"));
        DrainableModels.Encoder served = (DrainableModels.Encoder) context.getService(ref);
        assertSame(vision.built.get(0), served.model());
        served.encode(new RgbImage(2, 2, new byte[12]));
        context.ungetService(ref);

        b.stop();
        assertNull(reference(ImageEncoder.class, "enc"), "unregistered at once");
        await("entry gone", () -> info("enc") == null);
        assertTrue(vision.built.get(0).closed);
    }

    @Test
    void aNewRevisionOfTheArchitectureRebuildsTheModelBehindTheSameRegistrationWhileOpenConversationsFinish() throws Exception {
        FakeModels.LanguageFactory r1 = new FakeModels.LanguageFactory("llama", "r1");
        FakeModels.LanguageFactory r2 = new FakeModels.LanguageFactory("llama", "r2");
        startExtender(60);
        extender.addLanguageFactory(r1);
        installLanguageModel();
        awaitState("lm", ModelState.READY);
        ServiceReference<LanguageModel> ref = reference(LanguageModel.class, "lm");
        DrainableModels.Language served = (DrainableModels.Language) context.getService(ref);
        Conversation open = served.openConversation();
        assertEquals("r1", ask(open));

        // Bundle.update(): the old revision's factory goes, the new one's comes.
        extender.removeLanguageFactory(r1);
        assertEquals(ModelState.READY, info("lm").state(), "keeps serving while the architecture is away");
        extender.addLanguageFactory(r2);
        await("rebuilt through r2", () -> served.model() == (r2.built.isEmpty() ? null : r2.built.get(0)));

        assertEquals(ref.getProperty(Constants.SERVICE_ID), reference(LanguageModel.class, "lm").getProperty(Constants.SERVICE_ID),
                "the same registration");
        try (Conversation next = served.openConversation()) {
            assertEquals("r2", ask(next));
        }
        assertEquals("r1", ask(open), "an open conversation finishes on the model it started on");
        assertFalse(r1.built.get(0).closed);
        assertEquals(1, extender.inFlight(info("lm").bundleId()));
        open.close();
        await("the old revision's model freed once drained", () -> r1.built.get(0).closed);
        assertFalse(r2.built.get(0).closed);
        assertEquals(ModelState.READY, info("lm").state());
        assertTrue(info("lm").active());
        context.ungetService(ref);
    }

    @Test
    void withoutAReplacementWithinTheGracePeriodTheModelFailsTypedAndComesBackWithTheArchitecture() throws Exception {
        FakeModels.EncoderFactory r1 = new FakeModels.EncoderFactory("vit", "r1");
        startExtender(1);
        extender.addEncoderFactory(r1);
        installEncoder("vit");
        awaitState("enc", ModelState.READY);

        extender.removeEncoderFactory(r1); // the bundle is uninstalled
        assertEquals(ModelState.READY, info("enc").state());
        assertNotNull(reference(ImageEncoder.class, "enc"), "still served during the grace period");
        ModelInfo failed = awaitState("enc", ModelState.FAILED);
        assertEquals(ModelFailure.NO_ARCHITECTURE, failed.failure());
        assertEquals("no bundle provides architecture vit", failed.error());
        assertFalse(failed.active());
        assertNull(reference(ImageEncoder.class, "enc"), "withdrawn");
        await("freed", () -> r1.built.get(0).closed);

        FakeModels.EncoderFactory r2 = new FakeModels.EncoderFactory("vit", "r2"); // installed again
        extender.addEncoderFactory(r2);
        ModelInfo back = awaitState("enc", ModelState.READY);
        assertNull(back.failure());
        assertEquals("", back.error());
        assertTrue(back.active());
        DrainableModels.Encoder served = (DrainableModels.Encoder) context.getService(reference(ImageEncoder.class, "enc"));
        assertSame(r2.built.get(0), served.model());
    }

    @Test
    void aModelWhoseArchitectureIsMissingFailsTypedAndLoadsWhenABundleProvidesIt() throws Exception {
        startExtender(60);
        installEncoder("vit");
        ModelInfo failed = awaitState("enc", ModelState.FAILED);
        assertEquals(ModelFailure.NO_ARCHITECTURE, failed.failure());
        assertEquals("no bundle provides architecture vit", failed.error());
        extender.addLanguageFactory(new FakeModels.LanguageFactory("vit", "a decoder of that name does not help"));
        Thread.sleep(100);
        assertEquals(ModelState.FAILED, info("enc").state());
        extender.addEncoderFactory(new FakeModels.EncoderFactory("vit", "r1"));
        awaitState("enc", ModelState.READY);
    }

    @Test
    void aFactoryRefreshedWhileItRebuildsIsNotAFailureTheNewestRebuilds() throws Exception {
        FakeModels.EncoderFactory r1 = new FakeModels.EncoderFactory("vit", "r1");
        FakeModels.EncoderFactory updated = new FakeModels.EncoderFactory("vit", "r2 before the refresh");
        FakeModels.EncoderFactory refreshed = new FakeModels.EncoderFactory("vit", "r2 after the refresh");
        startExtender(1);
        extender.addEncoderFactory(r1);
        installEncoder("vit");
        awaitState("enc", ModelState.READY);
        DrainableModels.Encoder served = (DrainableModels.Encoder) context.getService(reference(ImageEncoder.class, "enc"));
        // Bundle.update() registers the new revision's factory; the refresh that follows replaces it while it builds,
        // and its classes can no longer be loaded.
        updated.duringLoad = () -> {
            extender.removeEncoderFactory(updated);
            extender.addEncoderFactory(refreshed);
            throw new NoClassDefFoundError("org/skingpt/vision/internal/VisionConfig$Projector");
        };
        extender.removeEncoderFactory(r1);
        extender.addEncoderFactory(updated);
        await("rebuilt through the refreshed revision", () -> !refreshed.built.isEmpty() && served.model() == refreshed.built.get(0));
        Thread.sleep(1_500); // past the grace period
        ModelInfo info = info("enc");
        assertEquals(ModelState.READY, info.state(), info.toString());
        assertSame(refreshed.built.get(0), served.model());
        await("the first revision's model freed", () -> r1.built.get(0).closed);
    }

    @Test
    void aRebuildThatFailsKeepsTheOldModelServingUntilTheGracePeriodEndsThenFailsWithItsReason() throws Exception {
        FakeModels.EncoderFactory r1 = new FakeModels.EncoderFactory("vit", "r1");
        FakeModels.EncoderFactory broken = new FakeModels.EncoderFactory("vit", "broken");
        broken.failure = new IllegalArgumentException("hyper-parameter vit_depth must be positive");
        startExtender(1);
        extender.addEncoderFactory(r1);
        installEncoder("vit");
        awaitState("enc", ModelState.READY);
        extender.removeEncoderFactory(r1);
        extender.addEncoderFactory(broken);
        Thread.sleep(200);
        assertEquals(ModelState.READY, info("enc").state());
        assertFalse(r1.built.get(0).closed);
        ModelInfo failed = awaitState("enc", ModelState.FAILED);
        assertEquals(ModelFailure.LOAD_ERROR, failed.failure());
        assertEquals("hyper-parameter vit_depth must be positive", failed.error());
        await("freed", () -> r1.built.get(0).closed);
    }

    @Test
    void aTamperedBundleAndABadPairingFailWithTheirKinds() throws Exception {
        startExtender(60);
        extender.addEncoderFactory(new FakeModels.EncoderFactory("vit", "r1"));
        FakeModels.LanguageFactory llama = new FakeModels.LanguageFactory("llama", "r1");
        llama.width = 16;
        extender.addLanguageFactory(llama);
        install("test.tampered", ModelLoaderTest.encoderJson("vit", sha(new byte[] {1})), Map.of("weights/enc.safetensors", WEIGHTS));
        ModelInfo tampered = awaitState("enc", ModelState.FAILED);
        assertEquals(ModelFailure.CHECKSUM_MISMATCH, tampered.failure());
        assertTrue(tampered.error().startsWith("Checksum mismatch for weights/enc.safetensors"), tampered.error());

        installLanguageModel();
        awaitState("lm", ModelState.READY);
        String paired = "{\"name\":\"paired\",\"version\":\"1.0.0\",\"kind\":\"IMAGE_ENCODER\",\"architecture\":\"vit\","
                + "\"pairedWith\":\"lm\",\"weights\":[{\"path\":\"w.safetensors\",\"sha256\":\"" + sha(WEIGHTS) + "\"}]}";
        install("test.paired", paired, Map.of("w.safetensors", WEIGHTS));
        ModelInfo refused = awaitState("paired", ModelState.FAILED);
        assertEquals(ModelFailure.INCOMPATIBLE_PAIRING, refused.failure());
        assertTrue(refused.error().contains("8-wide visual tokens"), refused.error());
    }
}
