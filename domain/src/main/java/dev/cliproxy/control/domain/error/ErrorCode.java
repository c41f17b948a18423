package dev.cliproxy.control.domain.error;

import java.util.Locale;

/**
 * The machine-readable codes of the contract's error bodies ({@code "code"}), one set for every failure the control
 * plane reports, each with the short stable {@code error} text it is reported with (where several texts share a
 * code, as for storage failures, the text names the operation and this one is the generic form).
 */
public enum ErrorCode {
    ACCOUNT_ALREADY_PAUSED("Account already paused"),
    ACCOUNT_EXISTS("Account already exists"),
    ACCOUNT_NOT_FOUND("Account not found"),
    ACCOUNT_NOT_PAUSED("Account not paused"),
    BINARY_NAMED("Install unavailable"),
    CONFIG_BACKUP_NOT_FOUND("Config backup not found"),
    DOWNLOAD_CUT("Download failed"),
    DOWNLOAD_ERROR("Download failed"),
    DOWNLOAD_TIMEOUT("Download failed"),
    DOWNLOAD_TOO_LARGE("Download failed"),
    ETAG_MISMATCH("Precondition failed"),
    FAULTY_VERSION("Version has known bugs"),
    FEED_AUTH("Release feed unavailable"),
    FEED_ERROR("Release feed unavailable"),
    FEED_INVALID("Release feed unavailable"),
    FEED_NOT_FOUND("Release feed unavailable"),
    FEED_TIMEOUT("Release feed unavailable"),
    FEED_UNREACHABLE("Release feed unavailable"),
    FLEET_INSTANCE_EXISTS("Fleet instance exists"),
    FLEET_INSTANCE_FIXED("Fleet instance cannot be removed"),
    FLEET_INSTANCE_NOT_FOUND("Fleet instance not found"),
    INSTALL_IN_PROGRESS("Install in progress"),
    INTERRUPTED("Interrupted"),
    INVALID_ACCOUNT_ID("Invalid account ID"),
    INVALID_ARCHIVE("Invalid archive"),
    INVALID_BODY("Invalid request body"),
    INVALID_FLEET_INSTANCE("Invalid fleet instance"),
    INVALID_CALLBACK("Invalid callback"),
    INVALID_FILE_NAME("Invalid filename"),
    INVALID_LOGIN_STATE("Invalid login state"),
    INVALID_MODEL_LIST("Models unavailable"),
    INVALID_PROVIDER("Invalid provider"),
    INVALID_QUERY_PARAMETER("Invalid query parameter"),
    INVALID_SETTINGS("Invalid control settings"),
    INVALID_SETTINGS_FILE("Invalid control settings file"),
    INVALID_TOKEN_FILE("Invalid token file"),
    INVALID_UPSTREAM_RESPONSE("Invalid upstream response"),
    INVALID_USAGE_QUERY("Invalid usage query"),
    INVALID_VERSION("Invalid version"),
    INVALID_YAML("Invalid YAML"),
    LOGIN_FINISHED("Login already finished"),
    LOGIN_NOT_FOUND("Login not found"),
    LOGIN_UNSUPPORTED("Login unsupported"),
    MANAGEMENT_API_FAILED("Proxy management API failed"),
    MANAGEMENT_DISABLED("Proxy management API disabled"),
    MANAGEMENT_FORBIDDEN("Proxy management API refused"),
    MANAGEMENT_KEY_MISSING("Management key missing"),
    MANAGEMENT_KEY_REJECTED("Proxy management key rejected"),
    MISSING_PROJECT_ID("Missing project"),
    NO_PREVIOUS_VERSION("Nothing to roll back to"),
    PAYLOAD_TOO_LARGE("Request Entity Too Large"),
    PORT_MISMATCH("Invalid config"),
    PROVIDER_UNAVAILABLE("Upstream error"),
    PROXY_BUSY("CLIProxy is busy"),
    PROXY_ERROR("Models unavailable"),
    PROXY_IS_REMOTE("CLIProxy is remote"),
    PROXY_NOT_RUNNING("CLIProxy not running"),
    PROXY_REJECTED_KEY("Models unavailable"),
    PROXY_START_FAILED("CLIProxy could not be started"),
    PROXY_STOPPED("CLIProxy stopped while the session was opened"),
    PROXY_TIMEOUT("Models unavailable"),
    PROXY_UNREACHABLE("Models unavailable"),
    QUOTA_API_FORBIDDEN("Quota access forbidden"),
    QUOTA_REQUEST_FAILED("Quota request failed"),
    RATE_LIMITED("Too many quota requests"),
    REAUTH_REQUIRED("Re-authentication required"),
    REMOTE_ERROR("Remote proxy error"),
    REMOTE_TIMEOUT("Remote proxy timeout"),
    REMOTE_UNREACHABLE("Remote proxy unreachable"),
    STORAGE_ERROR("Storage error"),
    UPSTREAM_RATE_LIMITED("Upstream rate limited"),
    UPSTREAM_TIMEOUT("Upstream timeout"),
    UPSTREAM_UNREACHABLE("Upstream unreachable");

    private final String error;

    ErrorCode(String error) {
        this.error = error;
    }

    /** The code as the error body spells it: {@code reauth_required}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The short stable {@code error} text reported with this code. */
    public String error() {
        return error;
    }
}
