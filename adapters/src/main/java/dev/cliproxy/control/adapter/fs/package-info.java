/**
 * The file-system adapters of the ports (sessions, config files, logs, auth files, locks). Internal: embedders
 * replace a port through the builder with their own implementation, never by reusing these.
 */
@Internal
package dev.cliproxy.control.adapter.fs;

import dev.cliproxy.control.domain.Internal;
