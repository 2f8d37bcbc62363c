package org.skingpt.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 22: an admin scripts SkinGPT with {@code bin/client -u U -p P "command"} on the real
 * distribution, started as {@code bin/karaf server}. Every call runs the distribution's own
 * {@code bin/client} as a separate process with standard input at its end (as under cron), and checks
 * what it printed on each stream and its exit status. The key login block and the two scripts of
 * docs/operations.md ("Scripting") are taken from the document and run as printed there.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScriptingIT {

    private static final Path ROOT = Paths.get(KarafRun.DISTRIBUTION).toAbsolutePath().getParent().resolve("../..").normalize();
    private static final Path SAMPLES = ROOT.resolve("models/samples");
    private static final Path OPERATIONS = ROOT.resolve("docs/operations.md");
    private static final String ADMIN = "script-admin";
    private static final String PASSWORD = "Scr1pt-Admin-Pass";
    private static final String ESC = "\u001b";

    private static KarafRun karaf;
    private static Path work;
    private static Path deployKey;

    record Result(int status, String out, String err) {
    }

    @BeforeAll
    static void startDistribution() throws Exception {
        System.setProperty("skingpt.parity", ROOT.resolve("models/parity/golden").toString());
        karaf = KarafRun.unpack("scripting");
        karaf.addUser(ADMIN, PASSWORD, "admingroup");
        karaf.start();
        work = Files.createTempDirectory("skingpt-scripting-");
        assertTrue(karaf.awaitLog("Model skingpt-demo-llm@1.0.0 (LANGUAGE_MODEL, llama) ready", Duration.ofMinutes(4))
                && karaf.awaitLog("Model skingpt-demo-vision@1.0.0", Duration.ofMinutes(1))
                && karaf.awaitLog("SSH exec requests (bin/client with a command) report standard error", Duration.ofMinutes(1)),
                "distribution did not come up:\n" + tail(karaf.log()));
        // The skingpt: commands are registered when their bundle's services are there.
        assertTrue(KarafRun.await(Duration.ofMinutes(1), () -> client("skingpt:models").status() == 0), tail(karaf.log()));
    }

    @AfterAll
    static void stopDistribution() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    // ---- bin/client with a command, password login --------------------------------------------

    @Test
    @Order(1)
    void statusPrintsTheEngineAndSucceeds() {
        Result r = client("skingpt:status");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().startsWith("Engine:   PyTorch 2.7.1 (DJL 0.36.0) ready\n"), r.out());
        assertTrue(r.out().contains("Threads:  "), r.out());
        assertEquals("", r.err());
    }

    @Test
    @Order(2)
    void standardInputThatIsAClosedPipeChangesNothing() throws Exception {
        // The case of the issue: a caller that gives bin/client no terminal and no input. Karaf's own
        // client closed the session at once and printed only "Closed".
        Process p = new ProcessBuilder(clientCommand("skingpt:status")).directory(karaf.home().toFile()).start();
        p.getOutputStream().close();
        Result r = finish(p);
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().startsWith("Engine:   PyTorch"), r.toString());
        assertFalse(r.err().contains("Closed"), r.err());
    }

    @Test
    @Order(3)
    void modelsListsTheDemoModelsAsPlainText() {
        Result r = client("skingpt:models");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().startsWith("Name "), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("skingpt-demo-llm ") && l.contains("| READY ")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("skingpt-demo-vision ") && l.contains("| READY ")), r.out());
        assertFalse(r.out().contains(ESC), "escape codes in: " + r.out());
        assertEquals("", r.err());
    }

    @Test
    @Order(4)
    void diagnosingASamplePrintsTheAnswersAndFindings() {
        Path sample = SAMPLES.resolve("eczema_1.png");
        Result r = client("skingpt:diagnose " + sample);
        assertEquals(0, r.status(), r.toString());
        for (String part : List.of("Q1: Could you describe the skin disease in this image for me?", "Q4: ",
                "*** SYNTHETIC DEMO MODEL - NOT FOR CLINICAL USE ***", "Likely diagnosis: eczema", "Provenance:       ")) {
            assertTrue(r.out().contains(part), part + " missing in:\n" + r.out());
        }
        assertFalse(r.out().contains(ESC));
        assertEquals("", r.err());
    }

    @Test
    @Order(5)
    void aRefusedImageFailsWithTheReasonOnStandardError() throws IOException {
        Path bad = Files.writeString(work.resolve("not-a-photo.png"), "this is text, not a PNG\n");
        Result r = client("skingpt:diagnose " + bad);
        assertEquals(1, r.status(), r.toString());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("Error executing command: not-a-photo.png: This file is not a JPEG or PNG image"),
                r.err());
        assertFalse(r.err().contains(ESC), "escape codes in: " + r.err());

        Result missing = client("skingpt:diagnose " + work.resolve("no-such.png"));
        assertEquals(1, missing.status(), missing.toString());
        assertTrue(missing.err().contains("No such file or folder: " + work.resolve("no-such.png")), missing.err());
    }

    @Test
    @Order(6)
    void anUnknownCommandFails() {
        Result r = client("nosuch:command");
        assertEquals(new Result(1, "", "Command not found: nosuch:command\n"), r);
    }

    @Test
    @Order(7)
    void aModelThatIsNotInstalledFails() {
        Result r = client("skingpt:model-info skingpt-demo-llm 9.9.9");
        assertEquals(1, r.status(), r.toString());
        assertEquals("", r.out());
        assertEquals("Error executing command: No model skingpt-demo-llm@9.9.9 is installed (see skingpt:models).\n", r.err());

        Result pin = client("skingpt:model-pin nobody 1.0");
        assertEquals(1, pin.status(), pin.toString());
        assertTrue(pin.err().contains("No model named 'nobody' is installed"), pin.err());
    }

    @Test
    @Order(8)
    void aWrongPasswordIsAClientFailure() throws Exception {
        Result r = run(List.of(karaf.home().resolve("bin/client").toString(), "-u", ADMIN, "-p", "wrong-password",
                "skingpt:status"), Map.of());
        assertEquals(255, r.status(), r.toString());
        assertEquals("", r.out());
        assertTrue(r.err().contains("client: " + ADMIN + " could not log in"), r.err());
    }

    // ---- key login, as docs/operations.md shows it ---------------------------------------------

    @Test
    @Order(10)
    void aKeyRegisteredAsDocumentedLogsInWithoutAPassword() throws Exception {
        assumeTrue(onPath("ssh-keygen"), "ssh-keygen (Debian openssh-client, test.sh installs it) not installed");
        List<String> block = new ArrayList<>(Docs.block(OPERATIONS, "<!-- ScriptingIT runs this block"));
        assertTrue(block.get(0).startsWith("cd /opt/skingpt ") && block.get(1).startsWith("key=/etc/skingpt/deploy_key "), block.toString());
        deployKey = work.resolve("deploy_key");
        block.set(0, "cd '" + karaf.home() + "'");
        block.set(1, "key='" + deployKey + "'");
        Result r = run(List.of("sh", "-euc", String.join("\n", block)), Map.of());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().startsWith("Engine:   PyTorch"), r.toString());

        // Without its key the same user cannot log in.
        Result noKey = run(List.of(karaf.home().resolve("bin/client").toString(), "-u", "deploy", "skingpt:status"), Map.of());
        assertEquals(255, noKey.status(), noKey.toString());
    }

    @Test
    @Order(11)
    void openSshWithTheSameKeyGetsTheSameStreamsAndStatus() throws Exception {
        assumeTrue(deployKey != null && onPath("ssh"), "no key or no OpenSSH client");
        List<String> ssh = List.of("ssh", "-p", String.valueOf(karaf.sshPort()), "-i", deployKey.toString(), "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "deploy@127.0.0.1");
        Result ok = run(concat(ssh, "skingpt:status"), Map.of());
        assertEquals(0, ok.status(), ok.toString());
        assertTrue(ok.out().startsWith("Engine:   PyTorch"), ok.toString());
        Result failed = run(concat(ssh, "skingpt:model-info nope 1"), Map.of());
        assertEquals(new Result(1, "", "Error executing command: No model nope@1 is installed (see skingpt:models).\n"), failed);
    }

    // ---- the two scripts of docs/operations.md, as printed ---------------------------------------

    @Test
    @Order(20)
    void theNightlyBatchScriptDiagnosesTheInboxAndReportsRefusals() throws Exception {
        assumeTrue(deployKey != null, "needs the key registered by the key login test");
        Path script = Docs.script(OPERATIONS, "skingpt-nightly.sh", work);
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        Path reports = Files.createDirectories(work.resolve("reports"));
        Files.copy(SAMPLES.resolve("eczema_1.png"), inbox.resolve("eczema_1.png"));
        Files.copy(SAMPLES.resolve("melanoma_1.png"), inbox.resolve("melanoma_1.png"));
        Map<String, String> env = Map.of("SKINGPT_HOME", karaf.home().toString(), "SKINGPT_USER", "deploy",
                "SKINGPT_KEY", deployKey.toString());

        Result clean = run(List.of("sh", script.toString(), inbox.toString(), reports.toString()), env);
        Path day = reports.resolve(LocalDate.now().toString());
        assertEquals(new Result(0, "", ""), clean, "diagnoses.txt:\n" + read(day.resolve("diagnoses.txt")));
        assertTrue(Files.isRegularFile(day.resolve("eczema_1.fhir-r4.json")));
        assertTrue(Files.readString(day.resolve("melanoma_1.fhir-r4.json")).contains("\"resourceType\""));
        assertTrue(read(day.resolve("diagnoses.txt")).contains("2 images, 0 refused or failed"), read(day.resolve("diagnoses.txt")));
        assertEquals("", read(day.resolve("errors.txt")));

        Files.writeString(inbox.resolve("scan-notes.png"), "notes typed into a .png by mistake\n");
        Result refused = run(List.of("sh", script.toString(), inbox.toString(), reports.toString()), env);
        assertEquals(1, refused.status(), refused.toString());
        assertEquals("SkinGPT nightly batch: exit status 1, see " + day + "/errors.txt\n", refused.err());
        String errors = read(day.resolve("errors.txt"));
        assertTrue(errors.startsWith("scan-notes.png: This file is not a JPEG or PNG image"), errors);
        assertTrue(errors.endsWith("Error executing command: 1 of 3 images refused or failed (named above)\n"), errors);
        assertTrue(read(day.resolve("diagnoses.txt")).contains("3 images, 1 refused or failed"));
        assertFalse(errors.contains(ESC) || read(day.resolve("diagnoses.txt")).contains(ESC));
    }

    @Test
    @Order(30)
    void theDeploymentScriptInstallsWaitsPinsAndVerifies() throws Exception {
        assumeTrue(deployKey != null, "needs the key registered by the key login test");
        Path script = Docs.script(OPERATIONS, "skingpt-deploy-model.sh", work);
        // The model bundle the Maven recipe builds (models/example-model-bundle): example-llama 0.1.0.
        Path bundle = ROOT.resolve("models/example-model-bundle/target/skingpt-example-model-bundle-"
                + System.getProperty("skingpt.version", "0.1.0-SNAPSHOT") + ".jar");
        assertTrue(Files.isRegularFile(bundle), "not built: " + bundle);
        Map<String, String> env = Map.of("SKINGPT_HOME", karaf.home().toString(), "SKINGPT_USER", "deploy",
                "SKINGPT_KEY", deployKey.toString());

        Result r = run(List.of("sh", script.toString(), bundle.toString(), "example-llama", "0.1.0"), env);
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().startsWith("Bundle ID: "), r.out());
        assertTrue(r.out().contains("Pinned example-llama to 0.1.0"), r.out());
        assertTrue(r.out().endsWith("example-llama@0.1.0 deployed, pinned and serving\n"), r.out());
        assertEquals("", r.err());
        Result info = client("skingpt:model-info example-llama 0.1.0");
        assertTrue(info.out().startsWith("example-llama@0.1.0  state READY  (serves new consultations)"), info.out());

        // A bundle whose model the extender refuses: the script stops with the reason.
        Path broken = ModelBundles.modelBundle("it.scripting.broken", "1.0.0", ModelBundles.llamaDescriptor("broken-llama", "1.0.0", "llama",
                "0".repeat(64)), Map.of("weights/model.safetensors", ROOT.resolve("models/parity/golden/llama_tiny.safetensors"),
                "tokenizer.json", ROOT.resolve("models/parity/golden/tokenizer.json")));
        Result refused = run(List.of("sh", script.toString(), broken.toString(), "broken-llama", "1.0.0"), env);
        assertEquals(1, refused.status(), refused.toString());
        assertTrue(refused.err().startsWith("broken-llama@1.0.0 was refused: broken-llama@1.0.0  state FAILED"), refused.err());
        assertTrue(refused.err().contains("Checksum mismatch"), refused.err());
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static List<String> clientCommand(String command) {
        return List.of(karaf.home().resolve("bin/client").toString(), "-u", ADMIN, "-p", PASSWORD, command);
    }

    /** bin/client with the admin's password, standard input at its end (as under cron). */
    private static Result client(String command) {
        try {
            return run(clientCommand(command), Map.of());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Result run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(karaf.home().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // Without JAVA_HOME, Karaf's scripts warn on standard error; a set-up server has it.
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("JAVA_OPTS");
        pb.environment().putAll(env);
        return finish(pb.start());
    }

    private static Result finish(Process p) throws Exception {
        // Both streams are read in full on their own threads, so neither can block the process.
        var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("timed out; out so far: " + out.getNow("") + " err: " + err.getNow(""));
        }
        return new Result(p.exitValue(), out.get(), err.get());
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Paths.get(dir, program)));
    }

    private static List<String> concat(List<String> list, String last) {
        List<String> all = new ArrayList<>(list);
        all.add(last);
        return all;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static String tail(String log) {
        return log.length() > 6000 ? log.substring(log.length() - 6000) : log;
    }

    /** Code blocks of docs/operations.md, found by the HTML comment line just above them. */
    static final class Docs {
        private Docs() {
        }

        static List<String> block(Path markdown, String markerPrefix) throws IOException {
            List<String> lines = Files.readAllLines(markdown, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith(markerPrefix)) {
                    assertTrue(lines.get(i + 1).startsWith("```"), "a code block follows " + lines.get(i));
                    List<String> block = new ArrayList<>();
                    for (int j = i + 2; !lines.get(j).startsWith("```"); j++) {
                        block.add(lines.get(j));
                    }
                    return block;
                }
            }
            throw new AssertionError("no block marked '" + markerPrefix + "' in " + markdown);
        }

        /** The script printed under {@code <!-- script: NAME ...-->}, written to a file as an admin would save it. */
        static Path script(Path markdown, String name, Path folder) throws IOException {
            Path file = folder.resolve(name);
            Files.write(file, block(markdown, "<!-- script: " + name + " "), StandardCharsets.UTF_8);
            return file;
        }
    }

}
