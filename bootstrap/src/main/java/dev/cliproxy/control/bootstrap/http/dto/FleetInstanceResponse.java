package dev.cliproxy.control.bootstrap.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cliproxy.control.domain.model.FleetInstance;

/**
 * One fleet instance: {@code {"id","name","kind":"local","port","source":"ccs-directory"}} or
 * {@code {"id","name","kind":"remote","baseUrl","managementKey":bool,"source":"registered"|"ccs-settings"}};
 * {@code managementKey} says whether one is set, never what it is.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FleetInstanceResponse(String id, String name, String kind, Integer port, String baseUrl,
                                    Boolean managementKey, String source) {

    public static FleetInstanceResponse from(FleetInstance instance) {
        return switch (instance) {
            case FleetInstance.Local local -> new FleetInstanceResponse(local.id(), local.name(), "local",
                    local.port(), null, null, "ccs-directory");
            case FleetInstance.Remote remote -> new FleetInstanceResponse(remote.id(), remote.name(), "remote",
                    remote.target().port(), remote.target().baseUri().toString(),
                    remote.target().managementKey().isPresent(),
                    remote.id().equals(FleetInstance.CCS_REMOTE_ID) ? "ccs-settings" : "registered");
        };
    }
}
