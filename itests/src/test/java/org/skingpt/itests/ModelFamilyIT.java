package org.skingpt.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import com.google.gson.Gson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import static org.skingpt.itests.ModelBundles.golden;
import static org.skingpt.itests.ModelBundles.json;
import static org.skingpt.itests.ModelBundles.llamaDescriptor;
import static org.skingpt.itests.ModelBundles.llamaFiles;
import static org.skingpt.itests.ModelBundles.modelBundle;
import static org.skingpt.itests.ModelBundles.sha256;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.skingpt.api.inference.Conversation;
import org.skingpt.api.inference.GenerationListener;
import org.skingpt.api.inference.GenerationResult;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.inference.ImageEmbedding;
import org.skingpt.api.inference.ImageEncoder;
import org.skingpt.api.inference.ImageEncoderFactory;
import org.skingpt.api.inference.LanguageModel;
import org.skingpt.api.inference.LanguageModelFactory;
import org.skingpt.api.inference.PromptPart;
import org.skingpt.api.inference.RgbImage;
import org.skingpt.api.model.ModelDescriptor;
import org.skingpt.api.model.ModelKind;
import org.skingpt.api.model.ModelLoadException;
import org.skingpt.runtime.InferenceRuntime;

/**
 * The model family inside the real distribution: the architecture services of the vision and
 * language bundles load the tiny parity models (checked against Hugging Face transformers in the
 * bundles' unit tests), and a MiniGPT-4 turn runs through them — image encoded, its tokens spliced
 * into the SkinGPT-4 conversation format, an answer streamed — with DJL, libtorch and the Hugging
 * Face tokenizer's native library all loaded through the runtime bundle.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ModelFamilyIT {

    @Inject
    @Filter(timeout = 180_000)
    private InferenceRuntime runtime;

    @Inject
    @Filter(value = "(skingpt.architecture=minigpt4-vision)", timeout = 60_000)
    private ImageEncoderFactory vision;

    @Inject
    @Filter(value = "(skingpt.architecture=llama)", timeout = 60_000)
    private LanguageModelFactory language;

    @Configuration
    public Option[] config() throws Exception {
        Path golden = Paths.get(KarafRun.DISTRIBUTION).toAbsolutePath().getParent()
                .resolve("../../models/parity/golden").normalize();
        return new Option[] {
            ExamOptions.distribution(),
            systemProperty("skingpt.parity").value(golden.toString()),
            systemProperty("skingpt.exampleBundle").value(golden.resolve("../../example-model-bundle/target/skingpt-example-model-bundle-"
                    + System.getProperty("skingpt.version", "0.1.0-SNAPSHOT") + ".jar").normalize().toString()),
        };
    }

    @SuppressWarnings("unchecked")
    private ImageEncoder loadVision() throws Exception {
        Map<String, Object> hyper = (Map<String, Object>) json("blip2_tiny_lavis_model.json").get("hyperParameters");
        ModelDescriptor d = new ModelDescriptor("parity-vision", "1", ModelKind.IMAGE_ENCODER, "minigpt4-vision", hyper,
                null, List.of(), "test model, random weights", true);
        return vision.load(d, List.of(golden("blip2_tiny_lavis.safetensors")), runtime.defaultDevice());
    }

    private LanguageModel loadLanguage() throws Exception {
        ModelDescriptor d = new ModelDescriptor("parity-llama", "1", ModelKind.LANGUAGE_MODEL, "llama",
                json("llama_tiny_config.json"), "tokenizer.json", List.of(), "test model, random weights", true);
        return language.load(d, List.of(golden("llama_tiny.safetensors")), golden("tokenizer.json"), runtime.defaultDevice());
    }

    private static RgbImage image(int seed) {
        byte[] rgb = new byte[40 * 30 * 3];
        java.util.Random random = new java.util.Random(seed);
        random.nextBytes(rgb);
        return new RgbImage(40, 30, rgb);
    }

    @Test
    public void aMiniGpt4TurnRunsThroughTheArchitectureServices() throws Exception {
        try (ImageEncoder encoder = loadVision(); LanguageModel llm = loadLanguage()) {
            assertEquals(28, encoder.imageSize());
            assertEquals(llm.embeddingWidth(), encoder.outputWidth());
            ImageEmbedding embedding = encoder.encode(image(1));
            assertEquals(4, embedding.tokens());
            assertArrayEquals(embedding.toArray(), encoder.encode(image(1)).toArray(), 0f);
            assertNotEquals(java.util.Arrays.toString(embedding.toArray()), java.util.Arrays.toString(encoder.encode(image(2)).toArray()));

            GenerationSettings greedy = GenerationSettings.greedy(12, List.of("###"));
            List<PromptPart> turn = List.of(
                    PromptPart.text("###Human: <Img>"),
                    PromptPart.image(embedding),
                    PromptPart.text("</Img> Describe it###Assistant:"));
            String first;
            try (Conversation conversation = llm.openConversation()) {
                StringBuilder streamed = new StringBuilder();
                GenerationResult result = conversation.generate(turn, greedy, streamed::append);
                first = result.text();
                assertEquals(first, streamed.toString());
                assertTrue(result.generatedTokens() >= 1);
                assertTrue(result.promptTokens() > 4);
                int used = conversation.positionsUsed();
                // A follow-up question in the same conversation: only its own tokens are added.
                GenerationResult followUp = conversation.generate(List.of(PromptPart.text("###Human: Why###Assistant:")),
                        greedy, GenerationListener.ignoring());
                // The answer is held as its text reads back (with the stop string or end-of-sequence token that ended
                // it): a random model's tokens may be another tokenization of that text.
                int answerTokens = llm.countTokens(followUp.text()
                        + (followUp.stopReason() == org.skingpt.api.inference.StopReason.STOP_STRING ? "###" : ""))
                        + (followUp.stopReason() == org.skingpt.api.inference.StopReason.END_OF_SEQUENCE ? 1 : 0);
                assertEquals(used + followUp.promptTokens() + answerTokens, conversation.positionsUsed());
            }
            try (Conversation again = llm.openConversation()) {
                assertEquals("greedy decoding is deterministic", first, again.generate(turn, greedy, GenerationListener.ignoring()).text());
            }
            GenerationSettings seeded = new GenerationSettings(12, 1.0, 0, 0.9, 1.0, 7L, List.of("###"));
            List<String> samples = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                try (Conversation c = llm.openConversation()) {
                    samples.add(c.generate(turn, seeded, GenerationListener.ignoring()).text());
                }
            }
            assertEquals("same seed, same text", samples.get(0), samples.get(1));
        }
    }

    @Inject
    private org.osgi.framework.BundleContext context;

    @Inject
    @Filter(timeout = 60_000)
    private org.skingpt.api.model.ModelCatalog catalog;

    @Inject
    @Filter(timeout = 60_000)
    private org.apache.karaf.shell.api.console.SessionFactory sessions;

    /** Runs a shell command as an operator would and returns what it printed. */
    private String shell(String command) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(bytes, true, "UTF-8");
        org.apache.karaf.shell.api.console.Session session = sessions.create(new java.io.ByteArrayInputStream(new byte[0]), out, out);
        // Commands are registered asynchronously when their bundle starts; retry briefly.
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try {
                session.execute(command);
                break;
            } catch (Exception e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
        out.flush();
        return bytes.toString("UTF-8");
    }

    private org.skingpt.api.model.ModelInfo awaitModel(String name, String version, org.skingpt.api.model.ModelState state)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            for (org.skingpt.api.model.ModelInfo m : catalog.models()) {
                if (m.name().equals(name) && m.version().equals(version) && m.state() == state) {
                    return m;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + "@" + version + " never reached " + state + "; catalog: " + catalog.models());
    }

    @Test
    public void modelBundlesAreVerifiedLoadedRegisteredAndRemovedWithoutRefresh() throws Exception {
        Map<String, Object> visionDescriptor = new java.util.LinkedHashMap<>(json("blip2_tiny_lavis_model.json"));
        visionDescriptor.put("name", "it-vision");
        visionDescriptor.put("version", "1.0.0");
        visionDescriptor.put("weights", List.of(Map.of("path", "vision.safetensors",
                "sha256", sha256(golden("blip2_tiny_lavis.safetensors")))));
        visionDescriptor.put("synthetic", true);
        Path visionJar = modelBundle("it.model.vision", "1.0.0", new Gson().toJson(visionDescriptor),
                Map.of("vision.safetensors", golden("blip2_tiny_lavis.safetensors")));
        String llamaSha = sha256(golden("llama_tiny.safetensors"));
        Path llamaJar = modelBundle("it.model.llama", "1.0.0", llamaDescriptor("it-llama", "1.0.0", "llama", llamaSha),
                llamaFiles(golden("llama_tiny.safetensors")));

        org.osgi.framework.Bundle runtimeBundle = java.util.Arrays.stream(context.getBundles())
                .filter(b -> "org.skingpt.runtime.djl".equals(b.getSymbolicName())).findFirst().orElseThrow();
        Object runtimeRevision = runtimeBundle.adapt(org.osgi.framework.wiring.BundleRevision.class);

        org.osgi.framework.Bundle vb = context.installBundle(visionJar.toUri().toString());
        org.osgi.framework.Bundle lb = context.installBundle(llamaJar.toUri().toString());
        vb.start();
        lb.start();
        org.skingpt.api.model.ModelInfo llamaInfo = awaitModel("it-llama", "1.0.0", org.skingpt.api.model.ModelState.READY);
        awaitModel("it-vision", "1.0.0", org.skingpt.api.model.ModelState.READY);
        assertEquals(llamaSha, llamaInfo.sha256());
        assertTrue(llamaInfo.synthetic());
        String info = shell("skingpt:model-info it-llama 1.0.0");
        assertTrue(info, info.contains("architecture  llama") && info.contains(llamaSha) && info.contains("NOT FOR CLINICAL USE")
                && info.contains("hidden_size"));
        String listing = shell("skingpt:models");
        assertTrue(listing, listing.contains("it-llama") && listing.contains("it-vision") && listing.contains("READY")
                && listing.contains(llamaSha.substring(0, 12)));
        assertTrue(shell("skingpt:status"), shell("skingpt:status").contains("PyTorch 2.7.1"));

        var refs = context.getServiceReferences(LanguageModel.class, "(skingpt.model.name=it-llama)");
        assertEquals(1, refs.size());
        var ref = refs.iterator().next();
        assertEquals("1.0.0", ref.getProperty("skingpt.model.version"));
        assertEquals(llamaSha, ref.getProperty("skingpt.model.sha256"));
        var encoderRef = context.getServiceReferences(ImageEncoder.class, "(skingpt.model.name=it-vision)").iterator().next();
        LanguageModel served = context.getService(ref);
        ImageEncoder encoder = context.getService(encoderRef);
        try (Conversation c = served.openConversation()) {
            GenerationResult r = c.generate(List.of(PromptPart.text("###Human: <Img>"), PromptPart.image(encoder.encode(image(3))),
                    PromptPart.text("</Img> Hi###Assistant:")), GenerationSettings.greedy(4, List.of("###")), GenerationListener.ignoring());
            assertTrue(r.generatedTokens() >= 1);
        } finally {
            context.ungetService(ref);
            context.ungetService(encoderRef);
        }

        lb.uninstall();
        vb.uninstall();
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline
                && (!context.getServiceReferences(LanguageModel.class, "(skingpt.model.name=it-llama)").isEmpty()
                    || catalog.models().stream().anyMatch(m -> m.name().startsWith("it-")))) {
            Thread.sleep(100);
        }
        assertTrue(context.getServiceReferences(LanguageModel.class, "(skingpt.model.name=it-llama)").isEmpty());
        assertTrue(catalog.models().toString(), catalog.models().stream().noneMatch(m -> m.name().startsWith("it-")));
        assertTrue("installing and removing model bundles never refreshes the runtime",
                runtimeRevision == runtimeBundle.adapt(org.osgi.framework.wiring.BundleRevision.class));
    }

    /** Version of the active registration of a model name, waiting until it is {@code expected}. */
    private void awaitActive(String name, String expected) throws Exception {
        String filter = "(&(skingpt.model.name=" + name + ")(skingpt.model.active=true))";
        long deadline = System.currentTimeMillis() + 30_000;
        String seen = null;
        while (System.currentTimeMillis() < deadline) {
            var refs = context.getServiceReferences(LanguageModel.class, filter);
            seen = refs.size() == 1 ? (String) refs.iterator().next().getProperty("skingpt.model.version") : refs.size() + " active";
            if (expected.equals(seen)) {
                long activeInCatalog = catalog.models().stream().filter(m -> m.name().equals(name) && m.active()).count();
                assertEquals("one active version in the catalog", 1, activeInCatalog);
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + ": active version " + seen + ", expected " + expected + "; catalog " + catalog.models());
    }

    @Test
    public void theNewestReadyVersionServesUnlessAnAdminPinsAnother() throws Exception {
        String sha = sha256(golden("llama_tiny.safetensors"));
        Map<String, Path> files = llamaFiles(golden("llama_tiny.safetensors"));
        org.osgi.framework.Bundle v1 = context.installBundle(
                modelBundle("it.model.pin", "1.0.0", llamaDescriptor("it-pin", "1.0.0", "llama", sha), files).toUri().toString());
        org.osgi.framework.Bundle v2 = context.installBundle(
                modelBundle("it.model.pin", "1.10.0", llamaDescriptor("it-pin", "1.10.0", "llama", sha), files).toUri().toString());
        try {
            v1.start();
            v2.start();
            awaitModel("it-pin", "1.0.0", org.skingpt.api.model.ModelState.READY);
            awaitModel("it-pin", "1.10.0", org.skingpt.api.model.ModelState.READY);
            awaitActive("it-pin", "1.10.0");

            assertTrue(shell("skingpt:model-pin it-pin 1.0.0").contains("Pinned it-pin to 1.0.0"));
            awaitActive("it-pin", "1.0.0");
            assertTrue(shell("skingpt:model-pin --clear it-pin").contains("Unpinned"));
            awaitActive("it-pin", "1.10.0");

            shell("skingpt:model-pin it-pin 1.0.0");
            awaitActive("it-pin", "1.0.0");
            v1.uninstall(); // the pinned version goes away: the newest ready one serves
            awaitActive("it-pin", "1.10.0");
            // A failed command throws, so that bin/client exits non-zero (ScriptingIT checks that end).
            Exception refused = org.junit.Assert.assertThrows(Exception.class,
                    () -> sessions.create(new java.io.ByteArrayInputStream(new byte[0]), System.out, System.err)
                            .execute("skingpt:model-pin nobody 1.0"));
            assertTrue(refused.getMessage(), refused.getMessage().contains("No model named 'nobody'"));
        } finally {
            shell("skingpt:model-pin --clear it-pin");
            for (org.osgi.framework.Bundle b : List.of(v1, v2)) {
                if (b.getState() != org.osgi.framework.Bundle.UNINSTALLED) {
                    b.uninstall();
                }
            }
        }
    }

    @Test
    public void aWithdrawnModelFinishesItsConversationsWhileNewOnesGoToTheSuccessor() throws Exception {
        String sha = sha256(golden("llama_tiny.safetensors"));
        Map<String, Path> files = llamaFiles(golden("llama_tiny.safetensors"));
        org.osgi.framework.Bundle v1 = context.installBundle(
                modelBundle("it.model.drain", "1.0.0", llamaDescriptor("it-drain", "1.0.0", "llama", sha), files).toUri().toString());
        org.osgi.framework.Bundle v2 = null;
        try {
            v1.start();
            awaitModel("it-drain", "1.0.0", org.skingpt.api.model.ModelState.READY);
            awaitActive("it-drain", "1.0.0");
            var ref = context.getServiceReferences(LanguageModel.class, "(&(skingpt.model.name=it-drain)(skingpt.model.active=true))")
                    .iterator().next();
            LanguageModel old = context.getService(ref);
            GenerationSettings greedy = GenerationSettings.greedy(4, List.of("###"));
            try (Conversation inFlight = old.openConversation()) {
                String first = inFlight.generate(List.of(PromptPart.text("###Human: Hi###Assistant:")), greedy,
                        GenerationListener.ignoring()).text();

                v2 = context.installBundle(
                        modelBundle("it.model.drain", "2.0.0", llamaDescriptor("it-drain", "2.0.0", "llama", sha), files).toUri().toString());
                v2.start();
                awaitModel("it-drain", "2.0.0", org.skingpt.api.model.ModelState.READY);
                awaitActive("it-drain", "2.0.0");
                v1.uninstall();
                awaitModel("it-drain", "1.0.0", org.skingpt.api.model.ModelState.DRAINING);
                assertTrue("withdrawn version no longer offered", context.getServiceReferences(LanguageModel.class,
                        "(&(skingpt.model.name=it-drain)(skingpt.model.version=1.0.0))").isEmpty());

                // The consultation that started on 1.0.0 goes on with it, on its own KV cache.
                GenerationResult next = inFlight.generate(List.of(PromptPart.text("###Human: More###Assistant:")), greedy,
                        GenerationListener.ignoring());
                assertTrue(next.generatedTokens() >= 1);
                // ... and continues it exactly: 2.0.0 has the same weights, so a fresh conversation on it with both
                // turns gives the same two answers (it would not if the withdrawal had disturbed the cache).
                var successorRef = context.getServiceReferences(LanguageModel.class,
                        "(&(skingpt.model.name=it-drain)(skingpt.model.active=true))").iterator().next();
                assertEquals("2.0.0", successorRef.getProperty("skingpt.model.version"));
                LanguageModel successor = context.getService(successorRef);
                try (Conversation fresh = successor.openConversation()) {
                    assertEquals(first, fresh.generate(List.of(PromptPart.text("###Human: Hi###Assistant:")), greedy,
                            GenerationListener.ignoring()).text());
                    assertEquals(next.text(), fresh.generate(List.of(PromptPart.text("###Human: More###Assistant:")),
                            greedy, GenerationListener.ignoring()).text());
                } finally {
                    context.ungetService(successorRef);
                }
                try {
                    old.openConversation().close();
                    fail("a withdrawn model must not start new conversations");
                } catch (IllegalStateException expected) {
                    assertTrue(expected.getMessage(), expected.getMessage().contains("withdrawn"));
                }
                assertTrue(catalog.models().stream().anyMatch(m -> m.name().equals("it-drain") && m.version().equals("1.0.0")));
            }
            // Its last conversation closed: the old version is freed and leaves the catalog.
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline
                    && catalog.models().stream().anyMatch(m -> m.name().equals("it-drain") && m.version().equals("1.0.0"))) {
                Thread.sleep(100);
            }
            assertTrue(catalog.models().toString(),
                    catalog.models().stream().noneMatch(m -> m.name().equals("it-drain") && m.version().equals("1.0.0")));
            context.ungetService(ref);
        } finally {
            for (org.osgi.framework.Bundle b : java.util.Arrays.asList(v1, v2)) {
                if (b != null && b.getState() != org.osgi.framework.Bundle.UNINSTALLED) {
                    b.uninstall();
                }
            }
        }
    }

    @Test
    public void aBadNewVersionIsRefusedAndTheServingVersionKeepsServing() throws Exception {
        String sha = sha256(golden("llama_tiny.safetensors"));
        Map<String, Path> files = llamaFiles(golden("llama_tiny.safetensors"));
        org.osgi.framework.Bundle good = context.installBundle(
                modelBundle("it.model.keep", "1.0.0", llamaDescriptor("it-keep", "1.0.0", "llama", sha), files).toUri().toString());
        Path truncatedWeights = Files.createTempFile("truncated", ".safetensors");
        byte[] bytes = Files.readAllBytes(golden("llama_tiny.safetensors"));
        Files.write(truncatedWeights, java.util.Arrays.copyOf(bytes, bytes.length - 1000));
        // The descriptor's checksum matches the truncated file: the loader itself must catch it.
        org.osgi.framework.Bundle bad = context.installBundle(modelBundle("it.model.keep", "2.0.0",
                llamaDescriptor("it-keep", "2.0.0", "llama", sha256(truncatedWeights)),
                llamaFiles(truncatedWeights)).toUri().toString());
        try {
            good.start();
            awaitModel("it-keep", "1.0.0", org.skingpt.api.model.ModelState.READY);
            awaitActive("it-keep", "1.0.0");
            bad.start();
            org.skingpt.api.model.ModelInfo refused = awaitModel("it-keep", "2.0.0", org.skingpt.api.model.ModelState.FAILED);
            assertTrue(refused.error(), refused.error().contains("truncated"));
            String firstAnswer = null;
            for (int i = 0; i < 100; i++) {
                var ref = context.getServiceReferences(LanguageModel.class, "(&(skingpt.model.name=it-keep)(skingpt.model.active=true))")
                        .iterator().next();
                assertEquals("1.0.0", ref.getProperty("skingpt.model.version"));
                LanguageModel model = context.getService(ref);
                try (Conversation c = model.openConversation()) {
                    GenerationResult r = c.generate(List.of(PromptPart.text("###Human: Hi###Assistant:")),
                            GenerationSettings.greedy(2, List.of()), GenerationListener.ignoring());
                    assertTrue(r.generatedTokens() >= 1);
                    // Every consultation is served the same way: greedy, same weights, same answer.
                    firstAnswer = firstAnswer == null ? r.text() : firstAnswer;
                    assertEquals("consultation " + i, firstAnswer, r.text());
                } finally {
                    context.ungetService(ref);
                }
            }
        } finally {
            good.uninstall();
            bad.uninstall();
            Files.deleteIfExists(truncatedWeights);
        }
    }

    @Test
    public void theMavenRecipeBuildsAModelBundleTheExtenderLoads() throws Exception {
        Path jar = Paths.get(System.getProperty("skingpt.exampleBundle"));
        assertTrue("built by models/example-model-bundle: " + jar, Files.isRegularFile(jar));
        org.osgi.framework.Bundle b = context.installBundle(jar.toUri().toString());
        try {
            b.start();
            org.skingpt.api.model.ModelInfo info = awaitModel("example-llama", "0.1.0", org.skingpt.api.model.ModelState.READY);
            assertTrue(info.synthetic());
            assertTrue("a model bundle exports nothing", b.getHeaders().get("Export-Package") == null);
            assertTrue("a model bundle imports nothing", b.getHeaders().get("Import-Package") == null);
        } finally {
            b.uninstall();
        }
    }

    @Test
    public void badModelBundlesAreRefusedWithTheirReason() throws Exception {
        Path corrupt = modelBundle("it.model.corrupt", "1.0.0", llamaDescriptor("it-corrupt", "1.0.0", "llama", "0".repeat(64)),
                llamaFiles(golden("llama_tiny.safetensors")));
        Path unknown = modelBundle("it.model.unknown", "1.0.0",
                llamaDescriptor("it-unknown", "1.0.0", "mamba", sha256(golden("llama_tiny.safetensors"))),
                llamaFiles(golden("llama_tiny.safetensors")));
        org.osgi.framework.Bundle a = context.installBundle(corrupt.toUri().toString());
        org.osgi.framework.Bundle b = context.installBundle(unknown.toUri().toString());
        a.start();
        b.start();
        try {
            org.skingpt.api.model.ModelInfo c = awaitModel("it-corrupt", "1.0.0", org.skingpt.api.model.ModelState.FAILED);
            assertTrue(c.error(), c.error().contains("Checksum mismatch") && c.error().contains("model.safetensors"));
            org.skingpt.api.model.ModelInfo u = awaitModel("it-unknown", "1.0.0", org.skingpt.api.model.ModelState.FAILED);
            assertTrue(u.error(), u.error().contains("mamba"));
            assertEquals(org.skingpt.api.model.ModelFailure.CHECKSUM_MISMATCH, c.failure());
            assertEquals(org.skingpt.api.model.ModelFailure.NO_ARCHITECTURE, u.failure());
            assertEquals("no bundle provides architecture mamba", u.error());
            assertTrue(context.getServiceReferences(LanguageModel.class, "(skingpt.model.name=it-corrupt)").isEmpty());
            String failed = shell("skingpt:models --failed");
            assertTrue(failed, failed.contains("it-corrupt") && failed.contains("Checksum mismatch") && failed.contains("it-unknown"));
            assertTrue(context.getServiceReferences(LanguageModel.class, "(skingpt.model.name=it-unknown)").isEmpty());
        } finally {
            a.uninstall();
            b.uninstall();
        }
    }

    @Test
    public void aTruncatedWeightFileIsRefusedWithItsName() throws Exception {
        Path cut = Files.createTempFile("truncated", ".safetensors");
        byte[] bytes = Files.readAllBytes(golden("llama_tiny.safetensors"));
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        ModelDescriptor d = new ModelDescriptor("broken-llama", "1", ModelKind.LANGUAGE_MODEL, "llama",
                json("llama_tiny_config.json"), "tokenizer.json", List.of(), "", true);
        try {
            language.load(d, List.of(cut), golden("tokenizer.json"), runtime.defaultDevice()).close();
            fail("a truncated file must be refused");
        } catch (ModelLoadException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("truncated"));
        } finally {
            Files.delete(cut);
        }
        Map<String, Object> wrong = new HashMap<>(json("llama_tiny_config.json"));
        wrong.put("hidden_size", 96.0);
        wrong.put("head_dim", 24.0);
        ModelDescriptor misShaped = new ModelDescriptor("wide-llama", "1", ModelKind.LANGUAGE_MODEL, "llama", wrong,
                "tokenizer.json", List.of(), "", true);
        try {
            language.load(misShaped, List.of(golden("llama_tiny.safetensors")), golden("tokenizer.json"),
                    runtime.defaultDevice()).close();
            fail("weights of another width must be refused");
        } catch (ModelLoadException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("model.embed_tokens.weight")
                    || expected.getMessage().contains("shape"));
        }
    }

    @Test
    public void anEncoderThatDoesNotFitItsLanguageModelIsRefusedAndTheDemoModelKeepsServing() throws Exception {
        // The parity encoder makes 64-wide visual tokens but declares the 256-wide demo decoder as its partner.
        awaitModel("skingpt-demo-llm", "1.0.0", org.skingpt.api.model.ModelState.READY);
        Map<String, Object> d = new java.util.LinkedHashMap<>(json("blip2_tiny_lavis_model.json"));
        d.put("name", "it-narrow-vision");
        d.put("version", "1.0.0");
        d.put("pairedWith", "skingpt-demo-llm");
        d.put("weights", List.of(Map.of("path", "vision.safetensors", "sha256", sha256(golden("blip2_tiny_lavis.safetensors")))));
        org.osgi.framework.Bundle bad = context.installBundle(modelBundle("it.model.narrow", "1.0.0", new Gson().toJson(d),
                Map.of("vision.safetensors", golden("blip2_tiny_lavis.safetensors"))).toUri().toString());
        try {
            bad.start();
            org.skingpt.api.model.ModelInfo refused = awaitModel("it-narrow-vision", "1.0.0",
                    org.skingpt.api.model.ModelState.FAILED);
            assertTrue(refused.error(), refused.error().contains("64-wide") && refused.error().contains("skingpt-demo-llm")
                    && refused.error().contains("256"));
            assertTrue(context.getServiceReferences(ImageEncoder.class, "(skingpt.model.name=it-narrow-vision)").isEmpty());
            for (int i = 0; i < 100; i++) {
                var encoderRef = context.getServiceReferences(ImageEncoder.class, "(skingpt.model.active=true)");
                assertEquals("only the demo encoder serves", 1, encoderRef.size());
                var er = encoderRef.iterator().next();
                assertEquals("skingpt-demo-vision", er.getProperty("skingpt.model.name"));
                var lr = context.getServiceReferences(LanguageModel.class, "(&(skingpt.model.name=skingpt-demo-llm)"
                        + "(skingpt.model.active=true))").iterator().next();
                ImageEncoder encoder = context.getService(er);
                LanguageModel model = context.getService(lr);
                try (Conversation c = model.openConversation()) {
                    GenerationResult r = c.generate(List.of(PromptPart.text("###Human: <Img>"),
                            PromptPart.image(encoder.encode(image(i))), PromptPart.text("</Img> Hi###Assistant:")),
                            GenerationSettings.greedy(2, List.of()), GenerationListener.ignoring());
                    assertTrue(r.generatedTokens() >= 1);
                } finally {
                    context.ungetService(er);
                    context.ungetService(lr);
                }
            }
        } finally {
            bad.uninstall();
        }
    }
}
