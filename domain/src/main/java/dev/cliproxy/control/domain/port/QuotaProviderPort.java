package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.QuotaEntry;
import dev.cliproxy.control.domain.model.QuotaProvider;
import java.util.List;

/** One provider's quota API: which calls to make and how its answers read as quota entries. */
public interface QuotaProviderPort {

    QuotaProvider provider();

    /**
     * Fetches the account's quotas through {@code upstream}.
     *
     * @throws dev.cliproxy.control.domain.error.ControlException for every answer that is not a usable quota
     *         (409 re-authentication, 429, 502, 504), with no token and no raw upstream body in its message
     */
    List<QuotaEntry> fetch(Credential credential, UpstreamCallPort upstream);
}
