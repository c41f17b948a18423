package dev.cliproxy.control;

import dev.cliproxy.control.domain.model.ApiKeyIdentity;
import dev.cliproxy.control.domain.model.UsageRecord;
import dev.cliproxy.control.domain.model.UsageTokens;
import java.time.Instant;

/** Usage records for the bootstrap's tests. */
final class UsageTestRecords {

    private UsageTestRecords() {
    }

    static UsageRecord record(String id, Instant at, boolean failed) {
        return new UsageRecord(id, UsageRecord.LOCAL, at, "codex", "gpt-5", "gpt-5", "POST /v1/responses", "oauth",
                "user@example.com", "idx1", new ApiKeyIdentity(ApiKeyIdentity.hash("sk-secret-value"), "ccs"), 420,
                90, new UsageTokens(1000, 200, 50, 300, 1200), failed, failed ? 429 : 200);
    }
}
