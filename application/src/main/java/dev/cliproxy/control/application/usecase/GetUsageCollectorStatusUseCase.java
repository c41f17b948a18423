package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.UsageCollectorStatus;

/** What the usage collector does, and who last drained the proxy's usage queue: {@code GET /usage/status}. */
public interface GetUsageCollectorStatusUseCase {

    UsageCollectorStatus status();
}
