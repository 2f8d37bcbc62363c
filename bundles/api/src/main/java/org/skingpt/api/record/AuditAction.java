package org.skingpt.api.record;

/**
 * The actions the platform audits. {@link AuditEntry#action()} is a string so that entries written by a
 * newer version still read; these are the names in use.
 */
public enum AuditAction {
    LOGIN_SUCCEEDED,
    LOGIN_FAILED,
    LOGOUT,
    CONSULTATION_STARTED,
    CONSULTATION_VIEWED,
    CONSULTATION_REOPENED,
    /** An open consultation continued on a server that did not hold it (another node, or after a restart). */
    CONSULTATION_RESUMED,
    CONSULTATION_CLOSED,
    REPORT_DOWNLOADED,
    HISTORY_SEARCHED,
    /** Consultations deleted (on request or by retention); the entry names ids, never patient content. */
    ERASED,
    MODEL_INSTALLED,
    /** A model version stopped being available (its bundle stopped or was uninstalled). */
    MODEL_REMOVED,
    MODEL_SWAPPED,
    MODEL_PINNED,
    MODEL_FAILED,
    /** A locale bundle's templates were registered. */
    LOCALE_INSTALLED,
    LOCALE_REMOVED,
    /** A report format's renderer was registered. */
    REPORT_FORMAT_INSTALLED,
    REPORT_FORMAT_REMOVED,
    CONFIG_CHANGED,
    ACCOUNT_CHANGED,
    /** An API token was created (the entry names the token and its scopes, never its secret). */
    API_TOKEN_CREATED,
    API_TOKEN_REVOKED,
    /** A request to the HTTP API with a valid token: method, path, token; never bodies or query strings. */
    API_REQUEST,
    /** A request to the HTTP API refused for its credentials: missing, unknown, expired or revoked token, wrong scope. */
    API_ACCESS_DENIED,
    /** A node stopped sending heartbeats; the answers it was generating were marked interrupted by another node. */
    NODE_LOST,
    /** A bundle (model, locale, report format) was installed from the console: by upload or server path, with its SHA-256. */
    BUNDLE_DEPLOYED,
    BUNDLE_STARTED,
    BUNDLE_STOPPED,
    BUNDLE_UNINSTALLED,
    /** A review study was created (its consultations or images and model version). */
    STUDY_CREATED,
    /** Reviewers were assigned to a review study, or removed from it. */
    STUDY_REVIEWERS_CHANGED,
    STUDY_CLOSED,
    /** A reviewer's own diagnosis and ratings of one study item were stored. */
    REVIEW_SUBMITTED,
    /** The audit trail's own checks (verification runs). */
    AUDIT_VERIFIED
}
