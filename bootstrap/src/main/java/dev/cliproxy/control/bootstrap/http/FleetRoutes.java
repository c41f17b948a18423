package dev.cliproxy.control.bootstrap.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cliproxy.control.application.usecase.RegisterFleetInstanceUseCase;
import dev.cliproxy.control.bootstrap.http.dto.FleetInstanceResponse;
import dev.cliproxy.control.bootstrap.http.dto.FleetInstancesResponse;
import dev.cliproxy.control.bootstrap.http.dto.FleetQuotaResponse;
import dev.cliproxy.control.bootstrap.http.dto.FleetRemovedResponse;
import dev.cliproxy.control.bootstrap.http.dto.FleetStatusResponse;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.model.FleetInstance;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/fleet}: the instances, registering and removing one, every instance's status and quotas; and, under
 * {@code /api/fleet/instances/{id}/}, each instance's own routes, served by the very route classes of
 * {@code /api/cliproxy} over that instance's use cases.
 */
final class FleetRoutes {

    /** The base path of the fleet's routes. */
    static final String BASE_PATH = "/api/fleet";
    /** A registration is a few short fields. */
    private static final long MAX_BODY_BYTES = 16 * 1024;
    private static final Set<String> REGISTRATION_FIELDS = Set.of("name", "baseUrl", "managementKey");

    private final FleetApi fleet;
    private final Duration bodyDeadline;

    FleetRoutes(FleetApi fleet, Duration bodyDeadline) {
        this.fleet = fleet;
        this.bodyDeadline = bodyDeadline;
    }

    void list(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, FleetInstancesResponse.from(fleet.instances().list()));
    }

    void register(ServerRequest req, ServerResponse res) throws IOException {
        JsonNode body;
        try {
            body = ConfigRoutes.JSON.readTree(ConfigRoutes.boundedBody(req, MAX_BODY_BYTES, bodyDeadline));
        } catch (IOException e) {
            throw new InvalidInputException("Invalid JSON in request body");
        }
        if (body == null || !body.isObject()) {
            throw invalidBody("the body must be {\"name\",\"baseUrl\",\"managementKey\"?}");
        }
        for (Iterator<String> fields = body.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!REGISTRATION_FIELDS.contains(field)) {
                throw invalidBody("unknown field \"" + (field.length() > 40 ? field.substring(0, 40) : field)
                        + "\" (known: name, baseUrl, managementKey)");
            }
        }
        FleetInstance.Remote registered = fleet.registry().register(new RegisterFleetInstanceUseCase.Command(
                text(body, "name").orElseThrow(() -> invalidBody("name is missing")),
                text(body, "baseUrl").orElseThrow(() -> invalidBody("baseUrl is missing")),
                text(body, "managementKey")));
        JsonResponses.send(res, Status.CREATED_201, FleetInstanceResponse.from(registered));
    }

    void remove(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        fleet.registry().remove(id);
        JsonResponses.ok(res, new FleetRemovedResponse(id, true));
    }

    void status(ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        var statuses = fleet.status().status();
        JsonResponses.ok(res, FleetStatusResponse.from(statuses, Duration.ofNanos(System.nanoTime() - start)));
    }

    void quota(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, FleetQuotaResponse.from(fleet.quota().quota()));
    }

    /** The routes of the instance the request's {@code id} names (a 404 when none has it). */
    InstanceHandlers instance(ServerRequest req) {
        FleetInstance instance = fleet.instances().find(req.path().pathParameters().get("id"));
        InstanceApi api = fleet.instanceApi().apply(instance);
        return InstanceHandlers.of(api, BASE_PATH + "/instances/" + instance.id(), bodyDeadline);
    }

    /** The route classes of one instance's own routes (under {@code basePath}), over its use cases. */
    record InstanceHandlers(ProxyRoutes proxy, ModelRoutes models, ErrorLogRoutes errorLogs, ConfigRoutes config,
                            AuthFileRoutes authFiles) {

        static InstanceHandlers of(InstanceApi api, String basePath, Duration bodyDeadline) {
            return new InstanceHandlers(new ProxyRoutes(api.process()), new ModelRoutes(api.process().models()),
                    new ErrorLogRoutes(api.files(), basePath), new ConfigRoutes(api.files(), bodyDeadline),
                    new AuthFileRoutes(api.files()));
        }
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw invalidBody(field + " must be text");
        }
        return Optional.of(value.asText());
    }

    private static InvalidInputException invalidBody(String detail) {
        return new InvalidInputException(ErrorCode.INVALID_BODY, detail);
    }
}
