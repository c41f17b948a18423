/**
 * The rules the real adapters and the testkit's fakes both apply (which proxy config YAML is acceptable, and its
 * port). Internal: embedders get them through the adapters and the testkit.
 */
@Internal
package dev.cliproxy.control.rules;

import dev.cliproxy.control.domain.Internal;
