package org.skingpt.runtime.djl.internal;

import java.util.Locale;

/**
 * Parses the configured device name and picks the device to use given the GPUs the engine sees.
 * Kept free of DJL types so it is testable without the engine.
 */
final class DeviceChoice {

    /** Result: "cpu" or "gpu" with an index. */
    record Choice(String type, int index) {
        @Override
        public String toString() {
            return type.equals("cpu") ? "cpu()" : "gpu(" + index + ")";
        }
    }

    private DeviceChoice() {
    }

    /**
     * @param configured configured value ({@code auto}, {@code cpu}, {@code gpu}, {@code gpu:N})
     * @param gpuCount   GPUs the engine reports
     * @throws IllegalArgumentException with a message an admin can act on
     */
    static Choice choose(String configured, int gpuCount) {
        String value = configured == null ? "auto" : configured.trim().toLowerCase(Locale.ROOT);
        if (value.isEmpty() || value.equals("auto")) {
            return gpuCount > 0 ? new Choice("gpu", 0) : new Choice("cpu", -1);
        }
        if (value.equals("cpu")) {
            return new Choice("cpu", -1);
        }
        if (value.equals("gpu") || value.startsWith("gpu:")) {
            int index = 0;
            if (value.startsWith("gpu:")) {
                try {
                    index = Integer.parseInt(value.substring(4));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Device '" + configured + "': the GPU index must be a number, as in 'gpu:0'.");
                }
            }
            if (index < 0 || index >= gpuCount) {
                throw new IllegalArgumentException("Device '" + configured + "' asked for, but the engine sees "
                        + gpuCount + " GPU(s). Use 'auto' or 'cpu', or install the CUDA build of libtorch.");
            }
            return new Choice("gpu", index);
        }
        throw new IllegalArgumentException("Device '" + configured + "' is not known; use 'auto', 'cpu', 'gpu' or 'gpu:N'.");
    }
}
