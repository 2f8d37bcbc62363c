package org.skingpt.console.internal.ui;

/** Paths shared by the console's views. */
final class UiConstants {

    /** Console style sheet, served from {@code META-INF/resources} of this bundle. */
    static final String STYLESHEET = "context://styles/console.css";

    /** Product logo, served from {@code META-INF/resources} of this bundle. */
    static final String LOGO = "icons/skingpt.svg";

    /** Route of the login page. */
    static final String LOGIN_ROUTE = "login";

    private UiConstants() {
    }
}
