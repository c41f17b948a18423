package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.QuotaResult;
import java.util.List;

/**
 * The last quota fetched for each account since this server started, whatever its age: what {@code GET /metrics}
 * shows, so that a scrape never calls a provider.
 */
public interface ListKnownQuotasUseCase {

    List<QuotaResult.Fetched> known();
}
