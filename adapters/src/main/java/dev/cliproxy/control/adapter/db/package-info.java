/**
 * The database adapters of the ports (the usage history), on JDBC: SQLite by default, PostgreSQL for a store
 * several servers share. Internal: embedders replace a port through the builder.
 */
@Internal
package dev.cliproxy.control.adapter.db;

import dev.cliproxy.control.domain.Internal;
