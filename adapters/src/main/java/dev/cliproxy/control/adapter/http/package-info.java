/**
 * The HTTP adapters of the ports (the proxy's API, its management API, the providers' quota APIs, the release
 * feed), on the JDK client. Internal: embedders replace a port through the builder.
 */
@Internal
package dev.cliproxy.control.adapter.http;

import dev.cliproxy.control.domain.Internal;
