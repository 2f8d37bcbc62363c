package org.skingpt.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} arguments, refusing unknown names so a typo is not silently ignored. */
final class Cli {

    private Cli() {
    }

    static Map<String, String> parse(String[] args, List<String> allowed) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + a + "'; options: " + allowed);
            }
            String name = a.substring(2);
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; options: " + allowed);
            }
            m.put(name, args[++i]);
        }
        return m;
    }
}
