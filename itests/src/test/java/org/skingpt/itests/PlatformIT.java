package org.skingpt.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.inject.Inject;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
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
import org.osgi.framework.ServiceReference;
import org.skingpt.api.consultation.ConsultationImage;
import org.skingpt.api.record.AuditTrail;
import org.skingpt.api.record.ClinicalRecord;
import org.skingpt.api.record.ConsultationHeader;
import org.skingpt.api.record.HistoryQuery;
import org.skingpt.api.record.RecordStatus;
import org.skingpt.runtime.InferenceRuntime;

/**
 * Boots the real SkinGPT distribution with Pax Exam and checks the platform from inside it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformIT {

    private static final String TEST_USER = "itest-clinician";
    private static final String TEST_PASSWORD = "Itest-Pa55word";

    @Inject
    private BundleContext context;

    /** Registered only once libtorch has computed its self-check; waiting covers the first unpack. */
    @Inject
    @Filter(timeout = 180_000)
    private InferenceRuntime runtime;

    /** Registered at once by the store, even before its database is ready. */
    @Inject
    @Filter(timeout = 60_000)
    private ClinicalRecord record;

    @Inject
    @Filter(timeout = 60_000)
    private AuditTrail audit;

    @Configuration
    public Option[] config() throws Exception {
        return new Option[] {
            ExamOptions.distribution(),
            editConfigurationFilePut("etc/users.properties", TEST_USER, TEST_PASSWORD + ",_g_:cliniciangroup"),
        };
    }

    @Test
    public void everySkinGptBundleIsActive() {
        List<String> notActive = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("org.skingpt")) {
                seen.add(b.getSymbolicName());
                if (b.getState() != Bundle.ACTIVE) {
                    notActive.add(b.getSymbolicName() + " is " + b.getState());
                }
            }
        }
        assertTrue("SkinGPT bundles present: " + seen, seen.containsAll(Set.of(
                "org.skingpt.api", "org.skingpt.runtime.djl", "org.skingpt.nn", "org.skingpt.vision",
                "org.skingpt.language", "org.skingpt.models", "org.skingpt.shell", "org.skingpt.shell.ssh", "org.skingpt.console",
                "org.skingpt.intake", "org.skingpt.consultation", "org.skingpt.templates", "org.skingpt.locale.en",
                "org.skingpt.locale.zh-cn", "org.skingpt.report.documents", "org.skingpt.report.fhir",
                "org.skingpt.model.demo-vision", "org.skingpt.model.demo-llm", "org.skingpt.store")));
        assertTrue("not active: " + notActive, notActive.isEmpty());
    }

    /**
     * The drivers import org.osgi.service.jdbc optionally: resolved without it they never register a
     * DataSourceFactory. The feature installs them together; this guards that.
     */
    @Test
    public void theClinicalRecordRunsOnEmbeddedH2WithADataSourceFactoryForEachDriver() throws Exception {
        for (String driver : List.of("org.h2.Driver", "org.postgresql.Driver")) {
            ServiceReference<?>[] refs = context.getServiceReferences("org.osgi.service.jdbc.DataSourceFactory",
                    "(osgi.jdbc.driver.class=" + driver + ")");
            assertTrue("a DataSourceFactory for " + driver, refs != null && refs.length == 1);
        }
        long deadline = System.currentTimeMillis() + 60_000;
        RecordStatus status = record.status();
        while (!status.available() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            status = record.status();
        }
        assertTrue(status.message(), status.available());
        assertEquals("H2", status.database());
        assertEquals(7, status.schemaVersion()); // V001 init, V002 history lookup, V003 API tokens, V004 nodes, V005 accounts,
        // V006 review studies, V007 decode batch of each answer
        java.io.File file = new java.io.File(System.getProperty("karaf.data"), "skingpt/record.mv.db");
        assertTrue(file + " exists", file.isFile());

        String id = "platform-it-" + System.nanoTime();
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(png));
        record.saveConsultation(new ConsultationHeader(id, TEST_USER, java.time.Instant.now(), java.util.Locale.ENGLISH,
                null, "MRN-IT", "", "", "", ""), List.of(new ConsultationImage(sha, 1, 1, png)));
        assertEquals(id, record.load(id).orElseThrow().id());
        assertEquals(1, record.find(HistoryQuery.latest(10).withPatient("MRN-IT")).total());
        assertEquals(1, record.erase(id, TEST_USER, "integration test"));
        assertTrue(record.load(id).isEmpty());
        assertTrue(audit.verify().problem(), audit.verify().intact());
    }

    @Test
    public void readinessServiceDescribesTheEngine() {
        assertNotNull(runtime);
        assertEquals("PyTorch", runtime.engineName());
        assertEquals("2.7.1", runtime.engineVersion());
        assertEquals("0.36.0", runtime.bindingVersion());
        assertTrue(runtime.intraOpThreads() >= 1);
        assertEquals(runtime.gpuCount() > 0 ? "gpu0" : "cpu", runtime.defaultDevice());
    }

    @Test
    public void libtorchComputesTheRightNumbers() {
        Random random = new Random(42);
        for (int n : new int[] {1, 7, 1000}) {
            float[] a = new float[n];
            float[] b = new float[n];
            double expected = 0;
            for (int i = 0; i < n; i++) {
                a[i] = (float) random.nextGaussian();
                b[i] = (float) random.nextGaussian();
                expected += (double) a[i] * b[i];
            }
            assertEquals("dot of length " + n, expected, runtime.dot(a, b), 1e-4 * Math.max(1, Math.abs(expected)));
        }
        try {
            runtime.dot(new float[2], new float[3]);
            fail("mismatched lengths must be refused");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("2") && expected.getMessage().contains("3"));
        }
    }

    @Test
    public void defaultKarafUserCannotLogIn() {
        try {
            login("karaf", "karaf");
            fail("karaf/karaf must not log in");
        } catch (LoginException expected) {
            // no default user in the distribution
        }
    }

    @Test
    public void anAdminCreatedUserLogsInWithItsRoles() throws Exception {
        Subject subject = login(TEST_USER, TEST_PASSWORD);
        Set<String> principals = subject.getPrincipals().stream().map(Principal::getName).collect(Collectors.toSet());
        assertTrue(principals.toString(), principals.contains(TEST_USER));
        assertTrue(principals.toString(), principals.contains("clinician"));
        assertFalse(principals.toString(), principals.contains("admin"));
        try {
            login(TEST_USER, "wrong-password");
            fail("a wrong password must not log in");
        } catch (LoginException expected) {
            // refused
        }
    }

    /**
     * The runtime loads libtorch once per JVM, so nothing may make Karaf refresh it: its mandatory imports are
     * exactly the framework, DS and SLF4J (none of them a SkinGPT bundle), its optional ones JRE packages only,
     * and the one SkinGPT package it is wired to is the contract it exports itself.
     */
    @Test
    public void runtimeBundleImportsNothingThatCouldRefreshIt() {
        Bundle runtimeBundle = bundle("org.skingpt.runtime.djl");
        assertFalse("no DynamicImport-Package", runtimeBundle.getHeaders().get("DynamicImport-Package") != null);
        java.util.Set<String> mandatory = new java.util.TreeSet<>();
        for (org.osgi.framework.wiring.BundleRequirement req
                : runtimeBundle.adapt(org.osgi.framework.wiring.BundleRevision.class)
                        .getDeclaredRequirements(org.osgi.framework.wiring.BundleRevision.PACKAGE_NAMESPACE)) {
            String filter = req.getDirectives().get("filter");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("osgi\\.wiring\\.package=([^)]+)\\)").matcher(filter);
            assertTrue("a package requirement names its package: " + filter, m.find());
            String pkg = m.group(1);
            if ("optional".equals(req.getDirectives().get("resolution"))) {
                assertTrue("only JRE packages may be optional: " + pkg, pkg.startsWith("javax.") || pkg.startsWith("sun."));
            } else {
                mandatory.add(pkg);
            }
        }
        assertEquals(new java.util.TreeSet<>(List.of("org.osgi.framework", "org.osgi.service.component", "org.slf4j")),
                mandatory);
        // Wired SkinGPT packages: only its own export (consumers are wired to it, it is wired to no SkinGPT bundle).
        for (org.osgi.framework.wiring.BundleWire wire : runtimeBundle.adapt(org.osgi.framework.wiring.BundleWiring.class)
                .getRequiredWires(null)) {
            String provider = wire.getProvider().getBundle().getSymbolicName();
            assertFalse("the runtime is wired to " + provider, provider.startsWith("org.skingpt.")
                    && !provider.equals("org.skingpt.runtime.djl"));
        }
        String exported = runtimeBundle.getHeaders().get("Export-Package");
        assertTrue("the runtime exports its contract: " + exported,
                exported.matches("(?s).*\\borg\\.skingpt\\.runtime;version=\"1\\.\\d+\\.\\d+\".*"));
    }

    @Test
    public void updatingAndRefreshingModelFamilyBundlesNeverTouchesTheRuntime() throws Exception {
        Bundle runtimeBundle = bundle("org.skingpt.runtime.djl");
        Object revision = runtimeBundle.adapt(org.osgi.framework.wiring.BundleRevision.class);
        long lastModified = runtimeBundle.getLastModified();
        org.osgi.framework.wiring.FrameworkWiring wiring =
                context.getBundle(0).adapt(org.osgi.framework.wiring.FrameworkWiring.class);
        for (String name : List.of("org.skingpt.vision", "org.skingpt.language", "org.skingpt.nn")) {
            Bundle b = bundle(name);
            b.update();
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
            wiring.refreshBundles(List.of(b), event -> done.countDown());
            assertTrue("refresh of " + name + " finished", done.await(60, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(name + " active again", Bundle.ACTIVE, bundle(name).getState());
        }
        assertEquals(Bundle.ACTIVE, runtimeBundle.getState());
        assertTrue("runtime bundle keeps its revision", revision == runtimeBundle.adapt(org.osgi.framework.wiring.BundleRevision.class));
        assertEquals(lastModified, runtimeBundle.getLastModified());
        assertEquals(32.0, runtime.dot(new float[] {1, 2, 3}, new float[] {4, 5, 6}), 0.0);
    }

    private Bundle bundle(String symbolicName) {
        return java.util.Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError(symbolicName + " not installed"));
    }

    private Subject login(String user, String password) throws LoginException {
        Subject subject = new Subject();
        LoginContext lc = new LoginContext("karaf", subject, callbacks -> {
            for (Callback c : callbacks) {
                if (c instanceof NameCallback nc) {
                    nc.setName(user);
                } else if (c instanceof PasswordCallback pc) {
                    pc.setPassword(password.toCharArray());
                } else {
                    throw new UnsupportedCallbackException(c);
                }
            }
        });
        lc.login();
        return subject;
    }
}
