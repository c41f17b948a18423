package dev.cliproxy.control.domain.port;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cliproxy.control.domain.model.ConfigDocument;
import dev.cliproxy.control.domain.model.ConfigUpdate;
import dev.cliproxy.control.domain.model.WritePrecondition;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** A config store that keeps no backup (a remote proxy's) says so: none, never an error. */
class ProxyConfigFilePortTest {

    @Test
    void aStoreThatKeepsNoBackupHasNone() {
        ProxyConfigFilePort store = new ProxyConfigFilePort() {
            @Override
            public Optional<ConfigDocument> read(int port) {
                return Optional.empty();
            }

            @Override
            public ConfigUpdate replace(int port, String content, WritePrecondition precondition) {
                throw new UnsupportedOperationException();
            }

            @Override
            public OptionalInt declaredPort(String content) {
                return OptionalInt.empty();
            }
        };
        assertEquals(Optional.empty(), store.readBackup(8317));
    }
}
