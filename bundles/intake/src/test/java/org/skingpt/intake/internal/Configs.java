package org.skingpt.intake.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Configuration instances the way Declarative Services builds them: a proxy over properties and defaults. */
final class Configs {

    private Configs() {
    }

    static IntakeConfig defaults() {
        return of(Map.of());
    }

    static IntakeConfig of(Map<String, Object> properties) {
        return (IntakeConfig) Proxy.newProxyInstance(IntakeConfig.class.getClassLoader(),
                new Class<?>[] {IntakeConfig.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "annotationType":
                            return IntakeConfig.class;
                        case "toString":
                            return "IntakeConfig" + properties;
                        case "hashCode":
                            return properties.hashCode();
                        case "equals":
                            return proxy == args[0];
                        default:
                            Object value = properties.get(method.getName());
                            return value != null ? value : method.getDefaultValue();
                    }
                });
    }
}
