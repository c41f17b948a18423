/**
 * The use cases' implementations and the life-cycle kernel they share. Internal: embedders call them through the
 * facade's operation groups.
 */
@Internal
package dev.cliproxy.control.application.service;

import dev.cliproxy.control.domain.Internal;
