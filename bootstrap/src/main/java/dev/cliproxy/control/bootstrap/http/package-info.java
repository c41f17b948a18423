/**
 * The Helidon routes of the REST API, its route table, filters and error mapping. Internal: embedders serve the
 * API with {@code CliProxyControl.serveHttp}.
 */
@Internal
package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.domain.Internal;
