package org.skingpt.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every SkinGPT code bundle, the API first, is updated and refreshed on a running distribution the way an admin
 * does it ({@code bundle:update} then {@code bundle:refresh} in the SSH shell). After each one the
 * platform serves a whole consultation again with the shipped model's recorded diagnosis, the HTTP API and the
 * console answer, and the runtime bundle was not touched: its {@code InferenceRuntime} service is the same
 * registration (a refresh would stop it and register a new one, and libtorch cannot load twice in one JVM) and
 * the engine started once.
 *
 * <p>Runs outside the container: a Pax Exam probe that loaded an API class would itself be refreshed with the
 * API and stop the test.
 */
class CodeBundleUpdateIT {

    private static final Path ROOT = Paths.get(KarafRun.DISTRIBUTION).toAbsolutePath().getParent().resolve("../..").normalize();
    private static final Path SAMPLES = ROOT.resolve("models/samples");
    private static final String ADMIN = "update-admin";
    private static final String PASSWORD = "Upd4te-Adm1n-Pass";
    private static final String ENGINE_STARTED = "Inference engine ready:";
    private static final String LLM_READY = "Model skingpt-demo-llm@1.0.0 (LANGUAGE_MODEL, llama) ready";
    private static final Pattern SECRET = Pattern.compile("(skg_[A-Za-z0-9_-]{43})");
    private static final Pattern SERVICE_ID = Pattern.compile("service\\.id = (\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static KarafRun karaf;
    private static KarafSsh ssh;
    private static String readToken;

    @BeforeAll
    static void startDistribution() throws Exception {
        karaf = KarafRun.unpack("bundle-update");
        karaf.addUser(ADMIN, PASSWORD, "admingroup");
        karaf.start();
        ssh = new KarafSsh(karaf.sshPort());
        assertTrue(karaf.awaitLog(LLM_READY, Duration.ofMinutes(4))
                && karaf.awaitLog("HTTP API at /api/v1", Duration.ofMinutes(1))
                && karaf.awaitHttp200("/login", Duration.ofMinutes(2)), "distribution did not come up:\n" + tail(karaf.log()));
        assertTrue(KarafRun.await(Duration.ofMinutes(1), () -> tryShell("skingpt:tokens") != null), tail(karaf.log()));
        Matcher secret = SECRET.matcher(String.valueOf(tryShell("skingpt:token-create --scope read update-it")));
        assertTrue(secret.find());
        readToken = secret.group(1);
    }

    @AfterAll
    static void stopDistribution() throws Exception {
        if (ssh != null) {
            ssh.close();
        }
        if (karaf != null) {
            karaf.close();
        }
    }

    @Test
    void everyCodeBundleIsUpdatedAndRefreshedWhileTheRuntimeKeepsItsRevision() throws Exception {
        ExpectedAnswers.Row melanoma = ExpectedAnswers.read(SAMPLES).rows().stream()
                .filter(r -> r.sample().equals("melanoma_1.png") && r.locale().equals("en")).findFirst().orElseThrow();
        assertServes(melanoma, "before any update");
        String runtimeService = runtimeServiceId();
        List<String> bundles = codeBundles();
        assertTrue(bundles.size() >= 18, "SkinGPT code bundles found: " + bundles);
        assertEquals("org.skingpt.api", bundles.get(0));

        for (String bundle : bundles) {
            Set<String> servicesBefore = serviceIds(bundle);
            int modelLoadsBefore = count(karaf.log(), LLM_READY);
            // The shell's own bundles may close the session that runs the command: the state is checked below.
            tryShell("bundle:update " + bundle);
            tryShell("bundle:refresh " + bundle);
            String when = "after updating and refreshing " + bundle;
            assertServes(melanoma, when);
            if (!servicesBefore.isEmpty()) {
                Set<String> servicesAfter = serviceIds(bundle);
                assertFalse(servicesAfter.isEmpty(), bundle + " registers its services again " + when);
                servicesAfter.retainAll(servicesBefore);
                assertTrue(servicesAfter.isEmpty(), bundle + " was restarted (new service registrations) " + when);
            }
            if (bundle.equals("org.skingpt.api")) {
                // The API's refresh reaches every bundle wired to it: the model extender restarted and reloaded.
                assertTrue(count(karaf.log(), LLM_READY) > modelLoadsBefore, "the models were reloaded " + when);
            }
            assertEquals(runtimeService, runtimeServiceId(), "the runtime's service registration is unchanged " + when);
            assertEquals(1, count(karaf.log(), ENGINE_STARTED), "the engine started once " + when);
        }
        String users = String.valueOf(tryShell("service:list org.skingpt.runtime.InferenceRuntime"));
        for (String consumer : List.of("Vision", "Language", "Model extender", "Console", "Shell commands")) {
            assertTrue(users.contains(consumer), consumer + " uses the runtime again:\n" + users);
        }
        assertFalse(karaf.log().contains("not found by org.skingpt"), "a class that a bundle could not load:\n"
                + tail(karaf.log()));
    }

    /** A whole consultation in the shell, the HTTP API and the console answer; waits for them to come back. */
    private static void assertServes(ExpectedAnswers.Row row, String when) {
        String[] last = {""};
        boolean served = KarafRun.await(Duration.ofMinutes(3), () -> {
            String out = tryShell("skingpt:diagnose --quiet " + SAMPLES.resolve(row.sample()));
            last[0] = String.valueOf(out);
            return out != null && out.contains("Likely diagnosis: " + row.diagnosis())
                    && apiStatus("/models") == 200 && karaf.httpStatus("/login") == 200;
        });
        assertTrue(served, "a consultation is served " + when + "; last output:\n" + last[0] + "\nAPI /models: "
                + apiStatus("/models") + ", console: " + karaf.httpStatus("/login") + "\n" + tail(karaf.log()));
    }

    private static List<String> codeBundles() throws Exception {
        List<String> names = new ArrayList<>();
        for (String line : String.valueOf(tryShell("bundle:list -s -t 0 --no-format")).split("\\R")) {
            String[] columns = line.trim().split("\\s+");
            String name = columns[columns.length - 1];
            // The runtime is never updated this way (libtorch once per JVM); model bundles are data, swapped by
            // the model extender (ModelSwapIT).
            if (name.startsWith("org.skingpt.") && !name.equals("org.skingpt.runtime.djl")
                    && !name.startsWith("org.skingpt.model.")) {
                names.add(name);
            }
        }
        names.sort((a, b) -> a.equals("org.skingpt.api") ? -1 : b.equals("org.skingpt.api") ? 1 : a.compareTo(b));
        return names;
    }

    private static String runtimeServiceId() throws Exception {
        Matcher m = SERVICE_ID.matcher(String.valueOf(tryShell("service:list org.skingpt.runtime.InferenceRuntime")));
        assertTrue(m.find(), "InferenceRuntime registered");
        String id = m.group(1);
        assertFalse(m.find(), "one InferenceRuntime");
        return id;
    }

    private static Set<String> serviceIds(String bundle) {
        Set<String> ids = new TreeSet<>();
        String out = tryShell("bundle:services -p " + bundle);
        if (out != null) {
            Matcher m = SERVICE_ID.matcher(out);
            while (m.find()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    /**
     * The command's output over SSH (an in-process client: a bin/client JVM per command would add minutes), or
     * null when it could not run (for example while the bundles it needs restart).
     */
    private static String tryShell(String command) {
        try {
            String out = ssh.run(ADMIN, PASSWORD, command);
            return out.contains("Command not found") || out.startsWith("Error executing command") ? null : out;
        } catch (Exception e) {
            return null;
        }
    }

    private static int apiStatus(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + karaf.httpPort() + "/api/v1" + path))
                    .header("Authorization", "Bearer " + readToken).timeout(Duration.ofSeconds(30)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static String tail(String log) {
        return log.length() > 6000 ? log.substring(log.length() - 6000) : log;
    }
}
