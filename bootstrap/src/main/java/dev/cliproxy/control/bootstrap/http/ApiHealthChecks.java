package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.GetProxyStatusUseCase;
import dev.cliproxy.control.domain.model.ProxyStatus;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code GET /health} checks. The CCS directory must be a readable directory, or the server can serve
 * nothing (DOWN, 503). Whether the proxy runs is reported but is no failure of this server: stopping the proxy
 * is a normal state that the API exists to change.
 */
final class ApiHealthChecks {

    private ApiHealthChecks() {
    }

    static List<HealthCheck> of(HttpApi api) {
        return List.of(ccsDirectory(api.files().ccsDirectory()), proxy(api.process().status()));
    }

    static HealthCheck ccsDirectory(Path directory) {
        return new Check("ccs-directory", () -> {
            boolean readable = Files.isDirectory(directory) && Files.isReadable(directory)
                    && Files.isExecutable(directory);
            // No path in the answer: a health endpoint may be polled by anything that can reach the port.
            return HealthCheckResponse.builder().status(readable).detail("readable", readable).build();
        });
    }

    static HealthCheck proxy(GetProxyStatusUseCase status) {
        return new Check("proxy", () -> {
            HealthCheckResponse.Builder response = HealthCheckResponse.builder().status(true);
            try {
                ProxyStatus current = status.status();
                response.detail("running", current.running());
                if (current instanceof ProxyStatus.Running running) {
                    response.detail("port", running.port());
                    running.pid().ifPresent(pid -> response.detail("pid", pid));
                    response.detail("sessionCount", running.sessionCount());
                }
            } catch (RuntimeException e) {
                response.detail("running", "unknown");
            }
            return response.build();
        });
    }

    private record Check(String name, java.util.function.Supplier<HealthCheckResponse> body) implements HealthCheck {

        @Override
        public HealthCheckType type() {
            return HealthCheckType.READINESS;
        }

        @Override
        public HealthCheckResponse call() {
            return body.get();
        }
    }
}
