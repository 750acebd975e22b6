package io.palisade.demo.inventory;

import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.sql.SQLException;
import java.util.List;

/**
 * A small, deliberately vulnerable inventory service, written once against {@code jakarta.servlet} and
 * run by one launcher per servlet container (the javax flavour is this source with the package
 * replaced at build time). A launcher parses the options, calls {@link #start(Options)} and registers
 * {@link #servlets()}, {@link #filters()} and the {@link #ERROR_PAGE} for status 500 in its container.
 *
 * <p>Endpoints (every vulnerable one has a safe twin under {@code /safe}, with bound parameters):
 * <ul>
 *   <li>{@code GET /items}: every item, in id order.</li>
 *   <li>{@code GET /items/{id}}: VULNERABLE, the path segment in a numeric context.</li>
 *   <li>{@code POST /search} JSON {@code {"filter":{"name":...}}}: VULNERABLE, the name concatenated into a
 *       string literal; {@code ?via=reader} reads the body through {@code getReader()},
 *       {@code ?escape=sql} doubles the quotes first (correct escaping).</li>
 *   <li>{@code GET /stock} with header {@code X-Warehouse}: VULNERABLE, the header in a string literal.</li>
 *   <li>{@code GET /export?warehouse=}: VULNERABLE, streams: the response is committed (first bytes
 *       flushed) before the concatenated query runs.</li>
 *   <li>{@code GET /async/stock} with header {@code X-Warehouse}: VULNERABLE like {@code /stock}, run
 *       through {@code AsyncContext.start} on a container thread.</li>
 *   <li>{@code /error}: the error page the launchers register for 500.</li>
 * </ul>
 * A filter in front of the search API behaves like a web framework's exception handler: it turns
 * whatever the search throws into {@code sendError(500)}, which the container renders with the error
 * page. The other servlets wrap every exception in a {@code ServletException} for the container.
 */
public final class InventoryApp {
  /** The error page every launcher registers for status 500. */
  public static final String ERROR_PAGE = "/error";

  /** A servlet and the URL patterns it serves. */
  public static final class ServletRoute {
    public final String name;
    public final Servlet servlet;
    public final List<String> patterns;

    ServletRoute(String name, Servlet servlet, String... patterns) {
      this.name = name;
      this.servlet = servlet;
      this.patterns = List.of(patterns);
    }
  }

  /** A filter and the URL patterns it applies to (REQUEST dispatches only). */
  public static final class FilterRoute {
    public final String name;
    public final Filter filter;
    public final List<String> patterns;

    FilterRoute(String name, Filter filter, String... patterns) {
      this.name = name;
      this.filter = filter;
      this.patterns = List.of(patterns);
    }
  }

  private final InventoryDatabase database;

  private InventoryApp(InventoryDatabase database) {
    this.database = database;
  }

  /** Seeds the database (dropping what a previous run left) and returns the app, ready to register. */
  public static InventoryApp start(Options options) throws SQLException {
    InventoryDatabase database = new InventoryDatabase(options.db, options.jdbcUrl, options.dbUser, options.dbPassword);
    database.recreateAndSeed();
    return new InventoryApp(database);
  }

  public List<ServletRoute> servlets() {
    return List.of(
        // "/items/*" also matches "/items" itself (no path info).
        new ServletRoute("items", new ItemsServlet(database), "/items/*", "/safe/items/*"),
        new ServletRoute("search", new SearchServlet(database), "/search", "/safe/search"),
        new ServletRoute("stock", new StockServlet(database), "/stock", "/safe/stock"),
        new ServletRoute("export", new ExportServlet(database), "/export", "/safe/export"),
        new ServletRoute("async-stock", new AsyncStockServlet(database), "/async/stock", "/safe/async/stock"),
        new ServletRoute("error-page", new ErrorPageServlet(), ERROR_PAGE));
  }

  public List<FilterRoute> filters() {
    // Only the JSON search API sits behind the "framework"; the other servlets' exceptions reach the
    // container, which renders its error page for them.
    return List.of(new FilterRoute("exception-translation", new ExceptionTranslationFilter(), "/search", "/safe/search"));
  }

  /** The one line the tests wait for: the container and the port it listens on. */
  public static void listening(String container, int port) {
    System.out.println("Inventory on " + container + " listening on port " + port);
    System.out.flush();
  }

  /** Parses the options or exits with a usage message (status 2). */
  public static Options optionsOrExit(String launcher, String[] args) {
    try {
      return Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(launcher + ": " + e.getMessage());
      System.err.println("usage: java -jar inventory-" + launcher + ".jar [--port=N] [--threads=N]"
          + " [--db=h2|postgresql|mariadb] [--jdbc-url=URL] [--db-user=USER] [--db-password=PASSWORD]");
      System.exit(2);
      return null;
    }
  }

  /** Command-line options, the same for every launcher. */
  public static final class Options {
    public int port = 8080;
    public int threads = 20;
    public String db = "h2";
    public String jdbcUrl;
    public String dbUser;
    public String dbPassword;

    static Options parse(String[] args) {
      Options o = new Options();
      String url = null;
      String user = null;
      String password = null;
      for (String arg : args) {
        int eq = arg.indexOf('=');
        if (!arg.startsWith("--") || eq < 0) {
          throw new IllegalArgumentException("unknown argument: " + arg);
        }
        String key = arg.substring(2, eq);
        String value = arg.substring(eq + 1);
        switch (key) {
          case "port": o.port = parseInt(key, value, 0, 65535); break;
          case "threads": o.threads = parseInt(key, value, 1, 1000); break;
          case "db": o.db = value; break;
          case "jdbc-url": url = value; break;
          case "db-user": user = value; break;
          case "db-password": password = value; break;
          default: throw new IllegalArgumentException("unknown option: --" + key);
        }
      }
      switch (o.db) {
        case "h2":
          o.jdbcUrl = "jdbc:h2:mem:inventory;DB_CLOSE_DELAY=-1";
          o.dbUser = "sa";
          o.dbPassword = "";
          break;
        case "postgresql":
          o.jdbcUrl = "jdbc:postgresql://127.0.0.1:5432/test";
          o.dbUser = "postgres";
          o.dbPassword = "";
          break;
        case "mariadb":
          o.jdbcUrl = "jdbc:mariadb://127.0.0.1:3306/test";
          o.dbUser = "root";
          o.dbPassword = "";
          break;
        default:
          throw new IllegalArgumentException("--db must be h2, postgresql or mariadb, not " + o.db);
      }
      o.jdbcUrl = url != null ? url : o.jdbcUrl;
      o.dbUser = user != null ? user : o.dbUser;
      o.dbPassword = password != null ? password : o.dbPassword;
      return o;
    }

    private static int parseInt(String key, String value, int min, int max) {
      int n;
      try {
        n = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + key + " must be a number, not " + value);
      }
      if (n < min || n > max) {
        throw new IllegalArgumentException("--" + key + " must be between " + min + " and " + max);
      }
      return n;
    }
  }
}
