package org.skingpt.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole boot, up to the engine's self-check and the console answering, makes no outbound
 * network connection: every {@code connect()} of the Karaf process tree is traced with strace and
 * only loopback and local sockets are allowed.
 */
class OfflineBootIT {

    private static final Pattern INET = Pattern.compile(
            "connect\\(\\d+, \\{sa_family=AF_INET6?, .*?(?:sin_addr=inet_addr\\(\"([^\"]+)\"\\)|inet_pton\\(AF_INET6, \"([^\"]+)\"[^)]*\\)).*");

    @TempDir
    Path temp;

    /** Addresses of traced inet connect() calls that leave the machine. */
    static List<String> outboundConnects(List<String> traceLines) {
        List<String> outbound = new ArrayList<>();
        for (String line : traceLines) {
            Matcher m = INET.matcher(line);
            if (m.find()) {
                String address = m.group(1) != null ? m.group(1) : m.group(2);
                if (!isLocal(address)) {
                    outbound.add(address + "  <-  " + line.trim());
                }
            }
        }
        return outbound;
    }

    static boolean isLocal(String address) {
        return address.startsWith("127.") || address.equals("::1") || address.startsWith("::ffff:127.")
                || address.equals("0.0.0.0") || address.equals("::");
    }

    @Test
    void detectorSeesConnectionsWhenThereAreSome() throws Exception {
        // Proves the trace and the parser work: a known outbound attempt and a loopback one are both seen.
        Path trace = temp.resolve("probe.trace");
        int port = KarafRun.freePort();
        Process p = new ProcessBuilder("strace", "-f", "-qq", "-e", "trace=connect", "-o", trace.toString(),
                "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + port + " ; exec 3<>/dev/tcp/192.0.2.1/80 ; true")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor();
        List<String> lines = Files.readAllLines(trace);
        assertTrue(lines.stream().anyMatch(l -> l.contains("127.0.0.1")), "loopback connect traced: " + lines);
        assertEquals(List.of("192.0.2.1"), outboundConnects(lines).stream().map(s -> s.split(" ")[0]).toList());
    }

    @Test
    void bootMakesNoOutboundConnection() throws Exception {
        Path trace = temp.resolve("karaf.trace");
        try (KarafRun karaf = KarafRun.unpack("offline")) {
            karaf.start("strace", "-f", "-qq", "-e", "trace=connect", "-o", trace.toString());
            assertTrue(karaf.awaitLog("Inference engine ready", Duration.ofMinutes(4)),
                    "engine did not become ready; log:\n" + tail(karaf.log()));
            assertTrue(karaf.awaitHttp200("/", Duration.ofMinutes(2)) || karaf.httpStatus("/login") == 200,
                    "console did not answer; log:\n" + tail(karaf.log()));
            // Let late starters (telemetry threads, update checks) have their chance.
            Thread.sleep(5_000);
            assertTrue(karaf.isAlive());
        }
        List<String> lines = Files.readAllLines(trace);
        assertFalse(lines.isEmpty(), "strace wrote nothing");
        List<String> outbound = outboundConnects(lines);
        assertTrue(outbound.isEmpty(), "outbound connections during boot:\n" + String.join("\n", outbound));
    }

    /**
     * A whole working session, traced: boot, consultations in two languages with reports in every kind of
     * format, a model bundle deployed, pinned, used and removed, all with the clinical record on a real
     * PostgreSQL. The only inet connections allowed are on loopback; the database's are seen (the trace
     * would see a remote one).
     */
    @Test
    void aFullRunConnectsOnlyToTheConfiguredDatabaseOnLoopback() throws Exception {
        Path trace = temp.resolve("run.trace");
        Path samples = Path.of(KarafRun.DISTRIBUTION).getParent().resolve("../../models/samples").normalize();
        Path weights = ModelBundles.perturbedDemoWeights(1.01f);
        // A new version of the demo language model: the newest ready version serves new consultations.
        Path jar = ModelBundles.modelBundle("it.model.offline", "9.0.0",
                ModelBundles.demoDecoderDescriptor("skingpt-demo-llm", "9.0.0", weights), ModelBundles.demoDecoderFiles(weights));
        try (PostgresServer pg = PostgresServer.startNew(); KarafRun karaf = KarafRun.unpack("offline-run")) {
            karaf.addUser("tracer", "offline-run-passphrase", "admingroup");
            karaf.setProperty("etc/org.skingpt.store.cfg", "url", pg.createDatabase());
            karaf.setProperty("etc/org.skingpt.store.cfg", "user", PostgresServer.USER);
            karaf.start("strace", "-f", "-qq", "-e", "trace=connect", "-o", trace.toString());
            assertTrue(karaf.awaitLog("Inference engine ready", Duration.ofMinutes(4)), tail(karaf.log()));
            KarafShell shell = new KarafShell(karaf, "tracer", "offline-run-passphrase");
            assertTrue(KarafRun.await(Duration.ofMinutes(3), () -> {
                try {
                    return shell.run("skingpt:models", 60).out().contains("READY");
                } catch (Exception e) {
                    return false;
                }
            }), tail(karaf.log()));
            Path reports = temp.resolve("reports");
            for (String format : List.of("fhir-r4", "patient-html", "clinician-summary")) {
                shell.ok("skingpt:diagnose --quiet --format " + format + " -o " + reports + "/" + format + " "
                        + samples.resolve("psoriasis_1.png"));
            }
            shell.ok("skingpt:diagnose --quiet --locale zh-CN --format patient-pdf -o " + reports + "/zh.pdf "
                    + samples.resolve("vitiligo_1.png"));
            shell.ok("bundle:install -s file:" + jar);
            assertTrue(awaitServing(shell, "9.0.0"), "the new version did not start serving");
            assertTrue(shell.ok("skingpt:diagnose --quiet " + samples.resolve("acne_1.png"))
                    .contains("skingpt-demo-llm@9.0.0"));
            // Pinned back to the shipped version (through Config Admin, a moment later), then the new one removed.
            shell.ok("skingpt:model-pin skingpt-demo-llm 1.0.0");
            assertTrue(awaitServing(shell, "1.0.0"), "the pinned version did not serve again");
            shell.ok("skingpt:model-pin --clear skingpt-demo-llm");
            shell.ok("bundle:uninstall it.model.offline");
            assertTrue(shell.ok("skingpt:history").contains("skingpt-demo-llm@9.0.0"));
            // The audit trail saw the version come, serve, get pinned away and go, with no code in the model bundle.
            String audit = shell.ok("skingpt:audit --target skingpt-demo-llm@9.0.0 --limit 20");
            for (String action : List.of("MODEL_INSTALLED", "MODEL_SWAPPED", "MODEL_REMOVED")) {
                assertTrue(audit.contains(action), action + " missing:\n" + audit);
            }
            assertTrue(shell.ok("skingpt:audit --action MODEL_PINNED").contains("skingpt-demo-llm=1.0.0"));
            assertTrue(shell.ok("skingpt:audit-verify").contains("intact"));
            assertTrue(karaf.isAlive());

            List<String> lines = Files.readAllLines(trace);
            List<String> outbound = outboundConnects(lines);
            assertTrue(outbound.isEmpty(), "outbound connections during the run:\n" + String.join("\n", outbound));
            assertTrue(lines.stream().anyMatch(l -> l.contains("port=htons(" + pg.port() + ")")),
                    "the database connections were not traced (is the trace complete?)");
        }
    }

    /** Waits until that version of the demo language model is ready and serves new consultations. */
    private static boolean awaitServing(KarafShell shell, String version) {
        return KarafRun.await(Duration.ofMinutes(2), () -> {
            try {
                return shell.ok("skingpt:models").lines().anyMatch(l -> l.contains("skingpt-demo-llm")
                        && l.contains(" " + version + " ") && l.contains("READY") && l.contains("*"));
            } catch (Exception e) {
                return false;
            }
        });
    }

    private static String tail(String log) throws IOException {
        return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
    }
}
