package org.skingpt.console.internal.admin;

/**
 * A deploy or bundle action refused, with the reason as a console text key ({@code ui.admin.refused.*}) and its
 * arguments, so that the page shows it in the admin's language. Nothing was installed or changed.
 */
public final class Refusal extends Exception {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final transient Object[] args;

    public Refusal(String key, Object... args) {
        super(key + " " + java.util.Arrays.toString(args));
        this.key = key;
        this.args = args.clone();
    }

    public String key() {
        return key;
    }

    public Object[] args() {
        return args.clone();
    }
}
