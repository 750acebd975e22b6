package io.palisade.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.containers.MariaDBContainer;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The databases the bookstore runs against. H2 is in the app's memory. PostgreSQL and MariaDB come
 * from Testcontainers when a Docker engine answers, otherwise from the local servers the CI machine
 * runs (127.0.0.1:5432 and 127.0.0.1:3306, database {@code test}). When neither is reachable the
 * tests fail: a database that is not there is never a reason to skip.
 */
final class Databases {
  static final List<String> ALL = List.of("h2", "postgresql", "mariadb");

  private static final Map<String, List<String>> ARGS = new LinkedHashMap<>();
  private static Boolean docker;

  private Databases() {}

  /** The bookstore's command-line arguments that select and reach {@code db}. */
  static synchronized List<String> appArgs(String db) {
    return ARGS.computeIfAbsent(db, Databases::resolve);
  }

  private static List<String> resolve(String db) {
    if (db.equals("h2")) {
      return List.of("--db=h2");
    }
    if (dockerAvailable()) {
      JdbcDatabaseContainer<?> container = db.equals("postgresql")
          ? new PostgreSQLContainer<>("postgres:16-alpine")
          : new MariaDBContainer<>("mariadb:11.4");
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
      return List.of("--db=" + db, "--jdbc-url=" + container.getJdbcUrl(),
          "--db-user=" + container.getUsername(), "--db-password=" + container.getPassword());
    }
    String database = System.getProperty("palisade.it.database", "test");
    String url;
    String user;
    switch (db) {
      case "postgresql":
        url = "jdbc:postgresql://127.0.0.1:5432/" + database + "?connectTimeout=5";
        user = "postgres";
        break;
      case "mariadb":
        url = "jdbc:mariadb://127.0.0.1:3306/" + database + "?connectTimeout=5000";
        user = "root";
        break;
      default:
        throw new IllegalArgumentException("unknown database " + db);
    }
    createIfMissing(db, database);
    try (Connection c = DriverManager.getConnection(url, user, "")) {
      c.createStatement().execute("SELECT 1");
    } catch (SQLException e) {
      throw new AssertionError("No Docker engine answers and the local " + db + " server is not reachable at "
          + url + " as " + user + ": " + e.getMessage()
          + ". Start it (see .ci/run) - the integration tests need every database and never skip one.", e);
    }
    return List.of("--db=" + db, "--jdbc-url=" + url, "--db-user=" + user, "--db-password=");
  }

  /**
   * A run may use its own database ({@code -Dpalisade.it.database=NAME}), so that two checkouts
   * testing at once do not re-seed each other's tables; it is created on first use.
   */
  private static void createIfMissing(String db, String database) {
    if (database.equals("test")) {
      return;
    }
    if (!database.matches("[a-z][a-z0-9_]{0,40}")) {
      throw new IllegalArgumentException("palisade.it.database must be a plain lower-case name: " + database);
    }
    boolean postgres = db.equals("postgresql");
    String adminUrl = postgres ? "jdbc:postgresql://127.0.0.1:5432/test?connectTimeout=5"
        : "jdbc:mariadb://127.0.0.1:3306/test?connectTimeout=5000";
    try (Connection c = DriverManager.getConnection(adminUrl, postgres ? "postgres" : "root", "")) {
      if (postgres) {
        var rs = c.createStatement().executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
        if (!rs.next()) {
          c.createStatement().execute("CREATE DATABASE " + database);
        }
      } else {
        c.createStatement().execute("CREATE DATABASE IF NOT EXISTS " + database);
      }
    } catch (SQLException e) {
      throw new AssertionError("could not create the " + db + " database " + database + ": " + e.getMessage(), e);
    }
  }

  private static boolean dockerAvailable() {
    if (docker == null) {
      boolean available;
      try {
        available = DockerClientFactory.instance().isDockerAvailable();
      } catch (Throwable e) {
        available = false;
      }
      docker = available;
      System.err.println("[it] Docker engine " + (available ? "available: using Testcontainers"
          : "not available: using the local PostgreSQL and MariaDB servers"));
    }
    return docker;
  }
}
