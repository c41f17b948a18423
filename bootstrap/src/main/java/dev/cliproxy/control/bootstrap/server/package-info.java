/**
 * The standalone server's entry point and flags. Internal: run it with its launcher or {@code java -jar}.
 */
@Internal
package dev.cliproxy.control.bootstrap.server;

import dev.cliproxy.control.domain.Internal;
