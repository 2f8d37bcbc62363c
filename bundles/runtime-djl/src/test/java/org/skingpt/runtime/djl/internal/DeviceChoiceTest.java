package org.skingpt.runtime.djl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeviceChoiceTest {

    @Test
    void autoPicksFirstGpuWhenThereIsOneElseCpu() {
        assertEquals("cpu()", DeviceChoice.choose("auto", 0).toString());
        assertEquals("gpu(0)", DeviceChoice.choose("auto", 2).toString());
        assertEquals("cpu()", DeviceChoice.choose(null, 0).toString());
        assertEquals("cpu()", DeviceChoice.choose(" CPU ", 4).toString());
        assertEquals("gpu(1)", DeviceChoice.choose("gpu:1", 2).toString());
    }

    @Test
    void missingOrUnknownDevicesAreRefusedWithAdvice() {
        IllegalArgumentException noGpu = assertThrows(IllegalArgumentException.class, () -> DeviceChoice.choose("gpu", 0));
        assertTrue(noGpu.getMessage().contains("0 GPU"), noGpu.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DeviceChoice.choose("gpu:2", 2));
        assertThrows(IllegalArgumentException.class, () -> DeviceChoice.choose("gpu:x", 2));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> DeviceChoice.choose("tpu", 0));
        assertTrue(unknown.getMessage().contains("'auto'"), unknown.getMessage());
    }
}
