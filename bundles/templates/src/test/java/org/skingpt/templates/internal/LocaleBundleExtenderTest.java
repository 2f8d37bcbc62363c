package org.skingpt.templates.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
import org.skingpt.api.templates.PromptTemplates;

/**
 * The extender in a real (embedded Felix) framework, with locale bundles built from the real locale
 * files: install, start, update, stop, refuse.
 */
class LocaleBundleExtenderTest {

    @TempDir
    Path storage;
    private Framework framework;
    private BundleContext context;
    private LocaleBundleExtender extender;

    @BeforeEach
    void start() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put("felix.service.urlhandlers", "false");
        config.put("felix.log.level", "1");
        framework = new FrameworkFactory().newFramework(config);
        framework.start();
        context = framework.getBundleContext();
        extender = new LocaleBundleExtender(context);
    }

    @AfterEach
    void stop() throws Exception {
        extender.deactivate();
        framework.stop();
        framework.waitForStop(10_000);
    }

    private static byte[] jar(String bsn, String version, byte[] localeFile, String... headers) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        a.putValue(Constants.BUNDLE_SYMBOLICNAME, bsn);
        a.putValue(Constants.BUNDLE_VERSION, version);
        a.putValue(PromptTemplates.LOCALE_HEADER, "locale.properties");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            a.putValue(headers[i], headers[i + 1]);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, m)) {
            if (localeFile != null) {
                jar.putNextEntry(new JarEntry("locale.properties"));
                jar.write(localeFile);
                jar.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private Bundle install(String bsn, String version, byte[] localeFile, String... headers) throws Exception {
        return context.installBundle("test:" + bsn + "/" + version,
                new ByteArrayInputStream(jar(bsn, version, localeFile, headers)));
    }

    private List<ServiceReference<PromptTemplates>> services(String tag) throws Exception {
        Collection<ServiceReference<PromptTemplates>> refs = context.getServiceReferences(PromptTemplates.class,
                tag == null ? null : "(" + PromptTemplates.LOCALE + "=" + tag + ")");
        return new ArrayList<>(refs);
    }

    /** What a consumer gets: the highest-ranked service of the locale. */
    private ServiceReference<PromptTemplates> best(String tag) throws Exception {
        List<ServiceReference<PromptTemplates>> refs = services(tag);
        return refs.isEmpty() ? null : Collections.max(refs);
    }

    @Test
    void startedLocaleBundlesAreServedWithTheirLocaleAndVersion() throws Exception {
        Bundle en = install("org.skingpt.locale.en", "0.1.0.SNAPSHOT", LocaleFiles.bytes(LocaleFiles.EN));
        Bundle zh = install("org.skingpt.locale.zh-cn", "0.1.0.SNAPSHOT", LocaleFiles.bytes(LocaleFiles.ZH_CN));
        assertEquals(List.of(), services(null), "installed but not started: not served");
        en.start();
        zh.start();

        ServiceReference<PromptTemplates> ref = best("en");
        assertNotNull(ref);
        assertEquals("0.1.0.SNAPSHOT", ref.getProperty(PromptTemplates.LOCALE_VERSION));
        assertEquals("org.skingpt.locale.en", ref.getProperty(PromptTemplates.LOCALE_BUNDLE));
        assertEquals(1_000, ref.getProperty(Constants.SERVICE_RANKING));
        assertEquals(en, ref.getBundle(), "the locale bundle's own service");
        PromptTemplates t = context.getService(ref);
        assertEquals("0.1.0.SNAPSHOT", t.version());
        assertEquals("###Assistant:", t.assistantPrefix());

        ServiceReference<PromptTemplates> zhRef = best("zh-CN");
        assertNotNull(zhRef);
        assertEquals("zh-CN", context.getService(zhRef).locale().toLanguageTag());
        assertEquals(2, services(null).size());
    }

    @Test
    void aNewerVersionOfALocaleWinsAndStoppingItUnregistersAtOnce() throws Exception {
        Bundle v1 = install("org.skingpt.locale.en", "0.1.0", LocaleFiles.bytes(LocaleFiles.EN));
        v1.start();
        Properties p = LocaleFiles.properties(LocaleFiles.EN);
        p.setProperty("report.title", "Skin consultation report (revised)");
        Bundle v2 = install("org.skingpt.locale.en", "0.2.0", LocaleFiles.bytes(p));
        v2.start();
        assertEquals(2, services("en").size());
        ServiceReference<PromptTemplates> best = best("en");
        assertEquals("0.2.0", best.getProperty(PromptTemplates.LOCALE_VERSION));
        assertEquals(2_000, best.getProperty(Constants.SERVICE_RANKING));
        PromptTemplates held = context.getService(best);
        assertEquals("Skin consultation report (revised)", held.message("report.title"));

        v2.stop();
        assertEquals("0.1.0", best("en").getProperty(PromptTemplates.LOCALE_VERSION), "the older version serves again");
        // a consultation that still holds the stopped version's templates keeps working
        assertEquals("Skin consultation report (revised)", held.message("report.title"));
        assertEquals("melanoma", held.findings(List.of("This could be a skin disease image of melanoma.", "", "", ""))
                .conditionCode());

        v1.uninstall();
        assertNull(best("en"));
        assertTrue(held.humanTurn("q", 1).contains("<ImageHere>"));
    }

    @Test
    void aBadFileIsRefusedWithItsKeysAndTheOtherLocalesKeepServing() throws Exception {
        install("org.skingpt.locale.en", "0.1.0", LocaleFiles.bytes(LocaleFiles.EN)).start();
        Properties p = LocaleFiles.properties(LocaleFiles.ZH_CN);
        p.remove("question.4");
        p.setProperty("turn.first", "###Human: {question}");
        Bundle bad = install("org.skingpt.locale.zh-cn", "0.1.0", LocaleFiles.bytes(p));
        bad.start();
        assertEquals(Bundle.ACTIVE, bad.getState(), "the bundle itself is fine; only its locale is not served");
        assertNull(best("zh-CN"));
        assertNotNull(best("en"));
        String refusal = extender.refusal(bad.getBundleId());
        assertNotNull(refusal);
        assertTrue(refusal.startsWith("Locale bundle org.skingpt.locale.zh-cn 0.1.0 (id " + bad.getBundleId() + "):"
                + " locale.properties has 2 problem(s); nothing is registered for it"), refusal);
        assertTrue(refusal.contains("  - turn.first: has no <ImageHere>"), refusal);
        assertTrue(refusal.contains("  - question.4: is missing"), refusal);

        // fixing the file and updating the bundle serves it
        bad.update(new ByteArrayInputStream(jar("org.skingpt.locale.zh-cn", "0.1.1", LocaleFiles.bytes(LocaleFiles.ZH_CN))));
        assertEquals("0.1.1", best("zh-CN").getProperty(PromptTemplates.LOCALE_VERSION));
        assertNull(extender.refusal(bad.getBundleId()));
    }

    @Test
    void aHeaderNamingAMissingFileIsRefused() throws Exception {
        Bundle b = install("org.skingpt.locale.fr", "1.0.0", null);
        b.start();
        assertEquals(List.of(), services(null));
        String refusal = extender.refusal(b.getBundleId());
        assertTrue(refusal.contains("SkinGPT-Locale: the manifest header names 'locale.properties', which the bundle"
                + " does not contain"), refusal);
    }

    @Test
    void aLazyBundleIsServedWhileStarting() throws Exception {
        Bundle lazy = install("org.skingpt.locale.en", "1.0.0", LocaleFiles.bytes(LocaleFiles.EN),
                Constants.BUNDLE_ACTIVATIONPOLICY, Constants.ACTIVATION_LAZY);
        lazy.start(Bundle.START_ACTIVATION_POLICY);
        assertEquals(Bundle.STARTING, lazy.getState());
        assertNotNull(best("en"));
        lazy.stop();
        assertNull(best("en"));
    }

    @Test
    void bundlesWithoutTheHeaderAreIgnoredAndDeactivationUnregistersEverything() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        m.getMainAttributes().putValue(Constants.BUNDLE_SYMBOLICNAME, "plain");
        new JarOutputStream(out, m).close();
        Bundle plain = context.installBundle("test:plain", new ByteArrayInputStream(out.toByteArray()));
        plain.start();
        install("org.skingpt.locale.en", "1.0.0", LocaleFiles.bytes(LocaleFiles.EN)).start();
        assertEquals(1, services(null).size());
        assertNull(extender.refusal(plain.getBundleId()));

        extender.deactivate();
        assertEquals(List.of(), services(null));
        extender = new LocaleBundleExtender(context); // found again by a new extender (for @AfterEach)
        assertEquals(1, services(null).size());
    }
}
