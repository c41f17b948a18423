package dev.cliproxy.control.adapter.http;

import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.TokenFileNaming;
import dev.cliproxy.control.domain.port.CredentialStorePort;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The token files of a proxy on another host, for quota calls: found by the same names as the local ones
 * ({@link TokenFileNaming#candidateNames}), else by the email the proxy lists for a file of the provider's kind;
 * downloaded through its management API when the quota is asked, read by {@code reader} and dropped after.
 */
public final class RemoteCredentialStoreAdapter implements CredentialStorePort {

    /** Reads a token file's bytes as the local store reads its files, so that both find the same fields. */
    @FunctionalInterface
    public interface TokenFileReader {
        Optional<Credential> read(QuotaProvider provider, String fileName, boolean paused, byte[] content);
    }

    private final RemoteAuthFiles files;
    private final TokenFileReader reader;

    public RemoteCredentialStoreAdapter(RemoteProxyClient client, TokenFileReader reader) {
        this.files = new RemoteAuthFiles(client);
        this.reader = reader;
    }

    @Override
    public Optional<Credential> find(QuotaProvider provider, String accountId) {
        List<RemoteAuthFiles.Entry> listed = files.list();
        Set<String> names = listed.stream().map(RemoteAuthFiles.Entry::name).collect(Collectors.toSet());
        TokenFileNaming naming = provider.tokenFiles();
        for (String name : naming.candidateNames(accountId)) {
            if (names.contains(name)) {
                Optional<Credential> credential = read(provider, name);
                if (credential.isPresent()) {
                    return credential;
                }
            }
        }
        return listed.stream()
                .filter(entry -> entry.email().filter(accountId::equalsIgnoreCase).isPresent()
                        && naming.owns(entry.type(), entry.name()))
                .map(RemoteAuthFiles.Entry::name)
                .sorted()
                .map(name -> read(provider, name))
                .flatMap(Optional::stream)
                .findFirst();
    }

    private Optional<Credential> read(QuotaProvider provider, String name) {
        return files.download(name).flatMap(bytes -> reader.read(provider, name, false, bytes));
    }
}
