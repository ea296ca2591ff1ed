package io.kubeguide.database;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** What the guide's database is: PostgreSQL can be shared by replicas; the embedded H2 serves one guide. */
public final class Databases {

    private Databases() {}

    public static boolean isPostgres(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return "PostgreSQL".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the guide's database: " + e.getMessage(), e);
        }
    }
}
