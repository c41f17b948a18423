package dev.cliproxy.control.bootstrap.http.dto;

/** {@code DELETE /api/fleet/instances/{id}}: {@code {"id","removed":true}}. */
public record FleetRemovedResponse(String id, boolean removed) {
}
