package org.skingpt.console.internal.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;

class BundleRowTest {

    @Test
    void stateNames() {
        assertEquals("UNINSTALLED", BundleRow.stateName(Bundle.UNINSTALLED));
        assertEquals("INSTALLED", BundleRow.stateName(Bundle.INSTALLED));
        assertEquals("RESOLVED", BundleRow.stateName(Bundle.RESOLVED));
        assertEquals("STARTING", BundleRow.stateName(Bundle.STARTING));
        assertEquals("STOPPING", BundleRow.stateName(Bundle.STOPPING));
        assertEquals("ACTIVE", BundleRow.stateName(Bundle.ACTIVE));
        assertEquals("UNKNOWN(3)", BundleRow.stateName(3));
    }

    @Test
    void skinGptNames() {
        assertTrue(BundleRow.isSkinGpt("org.skingpt.console"));
        assertTrue(BundleRow.isSkinGpt("org.skingpt"));
        assertFalse(BundleRow.isSkinGpt("org.skingptx.other"));
        assertFalse(BundleRow.isSkinGpt("org.apache.felix.scr"));
        assertFalse(BundleRow.isSkinGpt(null));
    }

    @Test
    void listsSkinGptBundlesById() {
        BundleContext context = context(
                bundle(0, "org.apache.felix.framework", "7.0.5", Bundle.ACTIVE, false),
                bundle(91, "org.skingpt.console", "0.1.0.SNAPSHOT", Bundle.ACTIVE, false),
                bundle(88, "org.skingpt.api", "0.1.0.SNAPSHOT", Bundle.ACTIVE, false),
                bundle(95, "org.skingpt.models.demo", "1.0.0", Bundle.RESOLVED, false),
                bundle(96, "org.skingpt.templates.de", "1.0.0", Bundle.RESOLVED, true));

        List<BundleRow> rows = BundleRow.skingptBundles(context);

        assertEquals(List.of(88L, 91L, 95L, 96L), rows.stream().map(BundleRow::id).toList());
        BundleRow console = rows.get(1);
        assertEquals("org.skingpt.console", console.symbolicName());
        assertEquals("0.1.0.SNAPSHOT", console.version());
        assertEquals("ACTIVE", console.state());
        assertTrue(console.healthy());
        assertFalse(rows.get(2).healthy(), "a resolved, not started bundle");
        assertTrue(rows.get(3).healthy(), "a resolved fragment");
    }

    private static BundleContext context(Bundle... bundles) {
        return (BundleContext) Proxy.newProxyInstance(BundleRowTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getBundles")) {
                        return bundles;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Bundle bundle(long id, String bsn, String version, int state, boolean fragment) {
        Dictionary<String, String> headers = new Hashtable<>();
        if (fragment) {
            headers.put("Fragment-Host", "org.skingpt.core");
        }
        return (Bundle) Proxy.newProxyInstance(BundleRowTest.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBundleId" -> id;
                    case "getSymbolicName" -> bsn;
                    case "getVersion" -> Version.parseVersion(version);
                    case "getState" -> state;
                    case "getHeaders" -> headers;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
