package org.skingpt.itests;

import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/** Pax Exam options shared by the tests that run inside the real SkinGPT distribution. */
final class ExamOptions {

    private ExamOptions() {
    }

    /**
     * The built distribution (tar.gz), on free ports. Pax Exam's own bundles come from the build's
     * Maven repository; the product itself stays offline.
     */
    static Option distribution() throws IOException {
        File archive = new File(KarafRun.DISTRIBUTION).getAbsoluteFile();
        String localRepository = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        return composite(
                karafDistributionConfiguration().frameworkUrl(archive.toURI().toString()).name("SkinGPT")
                        .unpackDirectory(new File("target/exam")).useDeployFolder(false),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevel.INFO),
                systemTimeout(300_000),
                // What bin/setenv adds: the Java decoder's Vector API (Pax Exam starts the JVM itself).
                vmOption("--add-modules=jdk.incubator.vector"),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", localRepository),
                editConfigurationFilePut("etc/org.apache.felix.http.cfg", "org.osgi.service.http.port", String.valueOf(KarafRun.freePort())),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(KarafRun.freePort())));
    }
}
