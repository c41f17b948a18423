package dev.cliproxy.control.bootstrap.http.dto;

/** {@code PUT /config.yaml}: {@code {"success":true,"path"}}. */
public record ConfigSavedResponse(boolean success, String path) {
}
