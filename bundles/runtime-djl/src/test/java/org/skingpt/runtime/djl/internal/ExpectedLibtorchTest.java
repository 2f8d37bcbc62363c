package org.skingpt.runtime.djl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the embedded natives of this build declare (read from the jars on the test class path). */
class ExpectedLibtorchTest {

    @Test
    void readsTheEmbeddedVersionPlatformAndJniFlavors() {
        ExpectedLibtorch expected = ExpectedLibtorch.read(ExpectedLibtorchTest.class.getClassLoader());
        assertEquals("2.7.1", expected.version());
        assertEquals("cpu", expected.flavor());
        assertEquals("linux-x86_64", expected.classifier());
        assertEquals("0.36.0", expected.djlVersion());
        assertTrue(expected.carriesJniFor("cpu"));
        assertTrue(expected.carriesJniFor("cu128"));
        assertFalse(expected.carriesJniFor("cu126"));
        assertEquals("cpu, cu128", expected.carriedFlavors());
    }

    @Test
    void shortVersionDropsBuildAndFlavorSuffixes() {
        assertEquals("2.7.1", ExpectedLibtorch.shortVersion("2.7.1-20250812"));
        assertEquals("2.7.1", ExpectedLibtorch.shortVersion("2.7.1+cu128"));
        assertEquals("nightly", ExpectedLibtorch.shortVersion("nightly"));
    }
}
