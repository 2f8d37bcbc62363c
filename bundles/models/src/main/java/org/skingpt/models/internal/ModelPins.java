package org.skingpt.models.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code pinned} property of the model policy (PID {@code org.skingpt.models}) with one model's pin set or
 * removed; shared by {@code skingpt:model-pin} and the console through {@link ModelBundleExtender#pin}.
 */
final class ModelPins {

    private ModelPins() {
    }

    /**
     * @param current the stored value: a String[] (Config Admin), a comma-separated String (a .cfg file), or null
     * @param version the version to pin, or null to remove the pin of {@code name}
     */
    static String[] with(Object current, String name, String version) {
        if (name == null || name.isBlank() || name.contains("=") || name.contains(",")) {
            throw new IllegalArgumentException("Not a model name: '" + name + "'.");
        }
        if (version != null && (version.isBlank() || version.contains(",") || version.contains("="))) {
            throw new IllegalArgumentException("Not a model version: '" + version + "'.");
        }
        List<String> pins = new ArrayList<>();
        if (current instanceof String[] array) {
            pins.addAll(List.of(array));
        } else if (current instanceof String single && !single.isBlank()) {
            pins.addAll(List.of(single.split(",")));
        }
        pins.replaceAll(String::trim);
        pins.removeIf(p -> p.isEmpty() || p.startsWith(name + "="));
        if (version != null) {
            pins.add(name + "=" + version.trim());
        }
        return pins.toArray(new String[0]);
    }
}
