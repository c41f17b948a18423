/**
 * The JSON bodies of the REST API, as the contract spells them. Internal: the contract, not these types, is the
 * interface of the HTTP API.
 */
@Internal
package dev.cliproxy.control.bootstrap.http.dto;

import dev.cliproxy.control.domain.Internal;
