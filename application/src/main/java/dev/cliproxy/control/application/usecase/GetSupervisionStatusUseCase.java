package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.SupervisionStatus;

/** What the supervisor of the current port knows ({@code supervised}, {@code restarts}, {@code lastCrashAt}). */
public interface GetSupervisionStatusUseCase {

    SupervisionStatus supervision();
}
