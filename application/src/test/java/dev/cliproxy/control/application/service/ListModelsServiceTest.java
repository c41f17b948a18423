package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cliproxy.control.domain.error.ServiceUnavailableException;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.ClientKeys;
import dev.cliproxy.control.domain.model.ModelCatalog;
import dev.cliproxy.control.domain.model.ProbeResult;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.port.ProxyApiPort;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ListModelsServiceTest {

    private ProxyStatus status = new ProxyStatus.Running(8400, OptionalLong.of(42), 1, Optional.empty());
    private final Map<Integer, List<String>> keys = new java.util.HashMap<>();
    private final RecordingApi api = new RecordingApi();
    private ClientKeys clientKeys = ClientKeys.DEFAULTS;

    private ListModelsService service() {
        return new ListModelsService(() -> status, new Settings(keys, clientKeys), api, Duration.ofMillis(1500));
    }

    @Test
    void notRunningIsTheContractsExactError() {
        status = new ProxyStatus.NotRunning();

        ServiceUnavailableException failure = assertThrows(ServiceUnavailableException.class, service()::models);

        assertEquals("CLIProxy Plus not running", failure.error());
        assertEquals(Optional.of("Start a CLIProxy session (gemini, codex, agy) to fetch available models"),
                failure.detail());
        assertEquals(Optional.empty(), failure.code());
        assertEquals(List.of(), api.calls, "nothing is asked of a proxy that is not running");
    }

    @Test
    void theCcsClientsKeyIsSentWhenTheConfigAcceptsItReadFreshEachTime() {
        keys.put(8400, List.of("first", "ccs-internal-managed"));
        ListModelsService service = service();
        service.models();
        clientKeys = new ClientKeys("sk-from-settings", "ccs");
        keys.put(8400, List.of("first", "sk-from-settings"));
        service().models();

        assertEquals(List.of("8400 ccs-internal-managed 1500", "8400 sk-from-settings 1500"), api.calls);
    }

    @Test
    void otherwiseTheRunningPortsFirstKeyReadFreshEachTime() {
        keys.put(8400, List.of("first", "second"));
        assertSame(api.answer, service().models());
        keys.put(8400, List.of("rotated"));
        ListModelsService service = service();
        service.models();
        status = new ProxyStatus.Running(8500, OptionalLong.empty(), 0, Optional.empty());
        service.models();

        assertEquals(List.of("8400 first 1500", "8400 rotated 1500", "8500 ccs-internal-managed 1500"), api.calls,
                "a config without api-keys checks none: the clients' key is sent");
    }

    private static final class RecordingApi implements ProxyApiPort {
        final ModelCatalog answer = new ModelCatalog(List.of());
        final List<String> calls = new ArrayList<>();

        @Override
        public ProbeResult probe(int port, Duration timeout) {
            throw new AssertionError("status is decided by the status use case");
        }

        @Override
        public ModelCatalog models(int port, Optional<String> apiKey, Duration timeout) {
            calls.add(port + " " + apiKey.orElse("none") + " " + timeout.toMillis());
            return answer;
        }
    }

    private record Settings(Map<Integer, List<String>> keys, ClientKeys clientKeys) implements ProxySettingsPort {
        @Override
        public int lifecyclePort() {
            return 8317;
        }

        @Override
        public List<String> apiKeys(int port) {
            return keys.getOrDefault(port, List.of());
        }

        @Override
        public Optional<String> managementSecret(int port) {
            return Optional.empty();
        }

        @Override
        public Backend backend() {
            return Backend.ORIGINAL;
        }
    }
}
