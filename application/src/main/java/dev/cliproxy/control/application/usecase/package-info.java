/**
 * One interface per operation of the contract, as the facade and the HTTP routes call them. Internal: embedders
 * use the facade's operation groups.
 */
@Internal
package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.Internal;
