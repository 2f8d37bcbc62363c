package org.skingpt.consultation.internal;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

/**
 * A small service registry for unit tests: services with properties, filters evaluated as the framework does
 * ({@link FrameworkUtil#createFilter}), references ordered as the framework orders them (ranking, then id), and
 * a count of the service objects got and not yet released.
 */
final class FakeRegistry implements Services {

    private final List<Ref<?>> services = new ArrayList<>();
    private final Map<Ref<?>, Integer> gotten = new HashMap<>();
    private long nextId = 1;

    /** Registers a service of the bundle {@code bsn} {@code version}; {@code properties}: key, value, key, value... */
    <T> Ref<T> register(Class<T> type, T service, String bsn, String version, Object... properties) {
        Map<String, Object> p = new HashMap<>();
        for (int i = 0; i < properties.length; i += 2) {
            p.put((String) properties[i], properties[i + 1]);
        }
        p.put(Constants.OBJECTCLASS, new String[] {type.getName()});
        p.put(Constants.SERVICE_ID, nextId++);
        p.putIfAbsent(Constants.SERVICE_RANKING, 0);
        Ref<T> ref = new Ref<>(type, service, p, bundle(bsn, version));
        services.add(ref);
        return ref;
    }

    void unregister(Ref<?> ref) {
        services.remove(ref);
        ref.bundle = null;
    }

    /** Service objects got and not released. */
    int held() {
        return gotten.values().stream().mapToInt(Integer::intValue).sum();
    }

    int held(ServiceReference<?> ref) {
        return gotten.getOrDefault(ref, 0);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> List<ServiceReference<T>> references(Class<T> type, String filter) {
        List<ServiceReference<T>> out = new ArrayList<>();
        for (Ref<?> r : services) {
            if (r.type == type && matches(filter, r)) {
                out.add((ServiceReference<T>) r);
            }
        }
        return out;
    }

    private static boolean matches(String filter, Ref<?> r) {
        if (filter == null) {
            return true;
        }
        try {
            return FrameworkUtil.createFilter(filter).matches(r.properties);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(ServiceReference<T> reference) {
        Ref<T> r = (Ref<T>) reference;
        if (!services.contains(r)) {
            return null;
        }
        gotten.merge(r, 1, Integer::sum);
        return r.service;
    }

    @Override
    public void unget(ServiceReference<?> reference) {
        gotten.computeIfPresent((Ref<?>) reference, (k, n) -> n <= 1 ? null : n - 1);
    }

    static Bundle bundle(String bsn, String version) {
        return (Bundle) Proxy.newProxyInstance(FakeRegistry.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> bsn;
                    case "getVersion" -> Version.parseVersion(version);
                    case "getBundleId" -> 7L;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> bsn + " " + version;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A service reference ordered as the framework orders them. */
    static final class Ref<T> implements ServiceReference<T> {
        final Class<T> type;
        final T service;
        final Map<String, Object> properties;
        Bundle bundle;

        Ref(Class<T> type, T service, Map<String, Object> properties, Bundle bundle) {
            this.type = type;
            this.service = service;
            this.properties = properties;
            this.bundle = bundle;
        }

        @Override
        public Object getProperty(String key) {
            return properties.get(key);
        }

        @Override
        public String[] getPropertyKeys() {
            return properties.keySet().toArray(String[]::new);
        }

        @Override
        public Bundle getBundle() {
            return bundle;
        }

        @Override
        public Bundle[] getUsingBundles() {
            return null;
        }

        @Override
        public boolean isAssignableTo(Bundle bundle, String className) {
            return true;
        }

        @Override
        public int compareTo(Object other) {
            Ref<?> o = (Ref<?>) other;
            int byRanking = Integer.compare((Integer) properties.get(Constants.SERVICE_RANKING),
                    (Integer) o.properties.get(Constants.SERVICE_RANKING));
            if (byRanking != 0) {
                return byRanking;
            }
            // Same ranking: the older registration (lower id) is the greater.
            return Long.compare((Long) o.properties.get(Constants.SERVICE_ID), (Long) properties.get(Constants.SERVICE_ID));
        }

        @Override
        public Dictionary<String, Object> getProperties() {
            return new Hashtable<>(properties);
        }

        @Override
        public <A> A adapt(Class<A> type) {
            return null;
        }

        @Override
        public String toString() {
            return type.getSimpleName() + properties;
        }
    }
}
