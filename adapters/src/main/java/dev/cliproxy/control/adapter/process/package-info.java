/**
 * The operating-system process adapters. Internal: embedders replace a port through the builder.
 */
@Internal
package dev.cliproxy.control.adapter.process;

import dev.cliproxy.control.domain.Internal;
