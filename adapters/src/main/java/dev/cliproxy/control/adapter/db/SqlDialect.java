package dev.cliproxy.control.adapter.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What differs between the databases the usage history runs on; the SQL itself is the same (both have
 * {@code INSERT ... ON CONFLICT}, {@code excluded.}, integer division of {@code BIGINT}s).
 */
enum SqlDialect {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    private final String kind;

    SqlDialect(String kind) {
        this.kind = kind;
    }

    String kind() {
        return kind;
    }

    /**
     * The type of the text columns of a record's key: compared byte by byte (PostgreSQL's default collation follows
     * the locale), as pages order them.
     */
    String keyType() {
        return this == POSTGRESQL ? "TEXT COLLATE \"C\"" : "TEXT";
    }

    /** What follows a table whose rows are best stored in key order: SQLite's {@code WITHOUT ROWID}. */
    String clusteredByKey() {
        return this == SQLITE ? " WITHOUT ROWID" : "";
    }

    /**
     * Taken inside a migration's transaction, so that two servers starting on one database migrate it once. SQLite
     * needs none: its writer's transactions take the database's write lock when they begin.
     */
    void lockForMigration(Connection connection) throws SQLException {
        if (this == POSTGRESQL) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(7182021)");
            }
        }
    }
}
