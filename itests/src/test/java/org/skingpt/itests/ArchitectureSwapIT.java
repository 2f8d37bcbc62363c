package org.skingpt.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.skingpt.api.consultation.BusyException;
import org.skingpt.api.consultation.ConsultationService;
import org.skingpt.api.inference.ImageEncoder;
import org.skingpt.api.inference.LanguageModel;
import org.skingpt.api.model.ModelCatalog;
import org.skingpt.api.model.ModelFailure;
import org.skingpt.api.model.ModelInfo;
import org.skingpt.api.model.ModelState;

/**
 * Hot swap of the architecture bundles under load, in the real distribution: 8 clients run
 * consultations (start on a sample image, one question, close) without pause while
 * {@code org.skingpt.vision} and then {@code org.skingpt.language} are updated to a new revision and
 * refreshed. No consultation may fail, and afterwards every model service runs on classes of its
 * architecture bundle's current revision. Then the vision bundle is uninstalled (its models become
 * FAILED, {@link ModelFailure#NO_ARCHITECTURE}, once the grace period, 10 s here, has run out) and
 * installed again (READY, and a consultation is served).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ArchitectureSwapIT {

    private static final String VISION = "org.skingpt.vision";
    private static final String LANGUAGE = "org.skingpt.language";
    private static final int GRACE_SECONDS = 10;

    @Inject
    private BundleContext context;

    @Inject
    @Filter(timeout = 240_000)
    private ConsultationService consultations;

    @Inject
    @Filter(timeout = 60_000)
    private ModelCatalog catalog;

    @Configuration
    public Option[] config() throws Exception {
        Path root = Paths.get(KarafRun.DISTRIBUTION).toAbsolutePath().getParent().resolve("../..").normalize();
        return new Option[] {
            ExamOptions.distribution(),
            systemProperty("skingpt.samples").value(root.resolve("models/samples").toString()),
            editConfigurationFilePut("etc/org.skingpt.models.cfg", "architectureGraceSeconds", String.valueOf(GRACE_SECONDS)),
            // Short answers: the test is about swapping under load, not about answers.
            editConfigurationFilePut("etc/org.skingpt.consultation.cfg", "maxNewTokens", "12"),
        };
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }

    /** One consultation as a client runs it: told "busy", it waits a moment and tries again. */
    private void consult(byte[] image) throws Exception {
        String id = null;
        long deadline = System.currentTimeMillis() + 60_000;
        try {
            while (id == null) {
                try {
                    id = consultations.start(List.of(image), Locale.ENGLISH, null, "itest");
                } catch (BusyException busy) {
                    if (System.currentTimeMillis() > deadline) {
                        throw busy;
                    }
                    Thread.sleep(50);
                }
            }
            while (true) {
                try {
                    String text = consultations.ask(id, "What could this be?", p -> { }).text();
                    assertNotNull(text);
                    return;
                } catch (BusyException busy) {
                    if (System.currentTimeMillis() > deadline) {
                        throw busy;
                    }
                    Thread.sleep(50);
                }
            }
        } finally {
            if (id != null) {
                consultations.close(id);
            }
        }
    }

    /** Bundle.update() and a refresh of that bundle alone, as an admin's bundle:update + bundle:refresh do. */
    private void updateAndRefresh(Bundle b) throws Exception {
        b.update();
        CountDownLatch refreshed = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(b), e -> {
            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        assertTrue("refresh of " + b.getSymbolicName() + " did not finish", refreshed.await(60, TimeUnit.SECONDS));
        long deadline = System.currentTimeMillis() + 30_000;
        while (b.getState() != Bundle.ACTIVE) {
            assertTrue(b.getSymbolicName() + " not active again", System.currentTimeMillis() < deadline);
            Thread.sleep(20);
        }
    }

    /**
     * The model behind a registered model service. The registered objects are the model extender's
     * wrappers (they count running conversations and encodes so that a withdrawn or replaced model can
     * drain); their method {@code model()} returns the model built by the architecture bundle that
     * serves new work.
     */
    private static Object modelBehind(Object service) throws Exception {
        for (Class<?> c = service.getClass(); c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals("model") && m.getParameterCount() == 0) {
                    m.setAccessible(true);
                    return m.invoke(service);
                }
            }
        }
        throw new AssertionError(service.getClass() + " has no model()");
    }

    /**
     * For every registered service of this type whose architecture the bundle provides: the class
     * loaders of the models behind them that are not the bundle's current one (empty when all are).
     */
    private <T> List<String> notFromCurrentRevision(Class<T> type, Bundle architectureBundle, String architecture) throws Exception {
        ClassLoader current = architectureBundle.adapt(BundleWiring.class).getClassLoader();
        List<String> wrong = new ArrayList<>();
        int seen = 0;
        for (ServiceReference<T> ref : context.getServiceReferences(type, "(skingpt.architecture=" + architecture + ")")) {
            T service = context.getService(ref);
            if (service == null) {
                continue;
            }
            try {
                Object model = modelBehind(service);
                seen++;
                if (model.getClass().getClassLoader() != current) {
                    wrong.add(ref.getProperty("skingpt.model.name") + "@" + ref.getProperty("skingpt.model.version") + ": "
                            + model.getClass().getClassLoader());
                }
            } finally {
                context.ungetService(ref);
            }
        }
        if (seen == 0) {
            wrong.add("no " + type.getSimpleName() + " of architecture " + architecture + " is registered");
        }
        return wrong;
    }

    private <T> void awaitRebuilt(Class<T> type, Bundle architectureBundle, String architecture) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        List<String> wrong = notFromCurrentRevision(type, architectureBundle, architecture);
        while (!wrong.isEmpty()) {
            assertTrue("models of " + architecture + " not rebuilt by the new revision: " + wrong + "; " + catalog.models(),
                    System.currentTimeMillis() < deadline);
            Thread.sleep(100);
            wrong = notFromCurrentRevision(type, architectureBundle, architecture);
        }
    }

    private List<ModelInfo> modelsOf(String architecture) {
        return catalog.models().stream().filter(m -> architecture.equals(m.architecture())).toList();
    }

    @Test
    public void architectureBundlesSwapUnderLoadWithoutAFailedConsultationAndComeBackAfterRemoval() throws Exception {
        ModelBundles.awaitDemoModel(catalog);
        byte[] image = Files.readAllBytes(Paths.get(System.getProperty("skingpt.samples"), "psoriasis_1.png"));
        consult(image);
        Bundle runtime = bundle("org.skingpt.runtime.djl");
        BundleRevision runtimeRevision = runtime.adapt(BundleRevision.class);
        Bundle vision = bundle(VISION);
        Bundle language = bundle(LANGUAGE);
        ClassLoader visionBefore = vision.adapt(BundleWiring.class).getClassLoader();
        ClassLoader languageBefore = language.adapt(BundleWiring.class).getClassLoader();
        assertTrue(notFromCurrentRevision(ImageEncoder.class, vision, "minigpt4-vision").isEmpty());
        assertTrue(notFromCurrentRevision(LanguageModel.class, language, "llama").isEmpty());

        AtomicBoolean running = new AtomicBoolean(true);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
        AtomicInteger phase = new AtomicInteger();
        String[] phases = {"before", "vision swap", "after vision", "language swap", "after language"};
        List<long[]> consulted = new CopyOnWriteArrayList<>(); // start and end (nanoTime) of every consultation served
        long[] visionSwap = new long[2];
        long[] languageSwap = new long[2];
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                while (running.get()) {
                    String during = phases[phase.get()];
                    long start = System.nanoTime();
                    try {
                        consult(image);
                        consulted.add(new long[] {start, System.nanoTime()});
                        served.computeIfAbsent(during, k -> new AtomicInteger()).incrementAndGet();
                    } catch (Throwable e) {
                        failures.add(new AssertionError("consultation failed during " + during + ": " + e, e));
                    }
                }
            }, "it-client-" + i);
            clients.add(t);
            t.start();
        }
        try {
            servedIn(served, "before");
            phase.set(1);
            visionSwap[0] = System.nanoTime();
            updateAndRefresh(vision);
            awaitRebuilt(ImageEncoder.class, vision, "minigpt4-vision");
            visionSwap[1] = System.nanoTime();
            phase.set(2);
            servedIn(served, "after vision");
            phase.set(3);
            languageSwap[0] = System.nanoTime();
            updateAndRefresh(language);
            awaitRebuilt(LanguageModel.class, language, "llama");
            languageSwap[1] = System.nanoTime();
            phase.set(4);
            servedIn(served, "after language");
        } finally {
            running.set(false);
            for (Thread t : clients) {
                t.join(120_000);
            }
        }
        System.out.printf("architecture swap: consultations served per phase %s; failures %d%n", served, failures.size());
        assertTrue("failed consultations: " + failures, failures.isEmpty());
        for (String p : new String[] {"before", "after vision", "after language"}) {
            assertTrue("no consultation served " + p + ": " + served, served.containsKey(p));
        }
        // The swaps take well under a second here: what counts is that consultations were running across them.
        assertTrue("no consultation ran across the vision swap", consulted.stream()
                .anyMatch(c -> c[0] < visionSwap[1] && c[1] > visionSwap[0]));
        assertTrue("no consultation ran across the language swap", consulted.stream()
                .anyMatch(c -> c[0] < languageSwap[1] && c[1] > languageSwap[0]));
        System.out.printf("vision swap %d ms, language swap %d ms (update, refresh, models rebuilt)%n",
                (visionSwap[1] - visionSwap[0]) / 1_000_000, (languageSwap[1] - languageSwap[0]) / 1_000_000);
        assertTrue("a new revision of the vision bundle", vision.adapt(BundleWiring.class).getClassLoader() != visionBefore);
        assertTrue("a new revision of the language bundle", language.adapt(BundleWiring.class).getClassLoader() != languageBefore);
        assertEquals(List.of(), notFromCurrentRevision(ImageEncoder.class, vision, "minigpt4-vision"));
        assertEquals(List.of(), notFromCurrentRevision(LanguageModel.class, language, "llama"));
        assertSame("the runtime bundle was not refreshed", runtimeRevision, runtime.adapt(BundleRevision.class));
        assertEquals(Bundle.ACTIVE, runtime.getState());
        for (ModelInfo m : catalog.models()) {
            assertEquals(m.toString(), ModelState.READY, m.state());
        }

        // Removing the vision bundle: its models keep serving for the grace period, then FAILED with the typed reason.
        String location = vision.getLocation();
        List<ModelInfo> visionModels = modelsOf("minigpt4-vision");
        assertFalse(visionModels.isEmpty());
        vision.uninstall();
        long deadline = System.currentTimeMillis() + (GRACE_SECONDS + 60) * 1000L;
        while (!modelsOf("minigpt4-vision").stream().allMatch(m -> m.state() == ModelState.FAILED)) {
            assertTrue("vision models not FAILED after removal: " + catalog.models(), System.currentTimeMillis() < deadline);
            Thread.sleep(100);
        }
        for (ModelInfo m : modelsOf("minigpt4-vision")) {
            assertEquals(m.toString(), ModelFailure.NO_ARCHITECTURE, m.failure());
            assertEquals("no bundle provides architecture minigpt4-vision", m.error());
            assertFalse(m.active());
        }
        assertTrue("no image encoder of the removed architecture is registered",
                context.getServiceReferences(ImageEncoder.class, "(skingpt.architecture=minigpt4-vision)").isEmpty());
        for (ModelInfo m : modelsOf("llama")) {
            assertEquals("the language models stay: " + m, ModelState.READY, m.state());
        }

        // Installing it again brings them back.
        Bundle again = context.installBundle(location);
        again.start();
        deadline = System.currentTimeMillis() + 120_000;
        while (!modelsOf("minigpt4-vision").stream().allMatch(m -> m.state() == ModelState.READY)) {
            assertTrue("vision models not READY after reinstalling: " + catalog.models(), System.currentTimeMillis() < deadline);
            Thread.sleep(100);
        }
        assertEquals(visionModels.size(), modelsOf("minigpt4-vision").size());
        ModelBundles.awaitDemoModel(catalog);
        assertEquals(List.of(), notFromCurrentRevision(ImageEncoder.class, again, "minigpt4-vision"));
        consult(image);
    }

    /**
     * Lets a phase of the swap test last 5 s and until a consultation begun in it has been served (at most two
     * minutes): the first consultations after a swap run on newly loaded classes, not yet compiled, and on a slow
     * machine the ones in flight can outlast a fixed window, so that none begins in it.
     */
    private static void servedIn(Map<String, AtomicInteger> served, String phase) throws InterruptedException {
        Thread.sleep(5_000);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!served.containsKey(phase) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }
}
