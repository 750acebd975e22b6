package io.palisade.demo.guestbook;

import java.io.File;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.Context;
import org.apache.catalina.authenticator.BasicAuthenticator;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.realm.MemoryRealm;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.util.descriptor.web.LoginConfig;

/**
 * A small, deliberately vulnerable guestbook: embedded Tomcat 9 ({@code javax.servlet}), plain JDBC
 * through {@link java.sql.DriverManager} (one connection per request, no pool), and a request-logging
 * filter in front of every servlet.
 *
 * <pre>
 *   java -jar javax-guestbook.jar [--port=N] [--db=h2|postgresql|mariadb]
 *        [--jdbc-url=URL] [--db-user=USER] [--db-password=PASSWORD] [--threads=N]
 * </pre>
 *
 * Endpoints:
 * <ul>
 *   <li>{@code GET /entries?author=} VULNERABLE: the author is concatenated into a string literal.</li>
 *   <li>{@code GET /safe/entries?author=} the same look-up with a PreparedStatement.</li>
 *   <li>{@code GET /escaped/entries?author=} concatenation with the literal escaped correctly.</li>
 *   <li>{@code GET /authors/{name}} the author from a path segment, escaped correctly.</li>
 *   <li>{@code POST /entries} form {@code author}, {@code message}: VULNERABLE INSERT built by
 *       concatenation.</li>
 *   <li>{@code GET /entries/{id}} VULNERABLE: the path segment in a numeric context.</li>
 *   <li>{@code GET /health}</li>
 *   <li>{@code /admin/*}, {@code /api/*}: an admin area and a partner API with no protection of their
 *       own (see {@link AdminServlet}); the container knows two users by HTTP Basic authentication,
 *       {@code alice}/{@code alice-password} (role admin) and {@code bob}/{@code bob-password} (role
 *       staff), checked whenever a request carries credentials.</li>
 * </ul>
 *
 * Prints exactly one line {@code Guestbook listening on port N} to stdout when it serves requests.
 */
public final class GuestbookApp {

  private GuestbookApp() {}

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("guestbook: " + e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }

    GuestbookDatabase database = new GuestbookDatabase(options.db, options.jdbcUrl, options.dbUser, options.dbPassword);
    database.recreateAndSeed();

    Tomcat tomcat = new Tomcat();
    File baseDir = Files.createTempDirectory("guestbook-tomcat").toFile();
    baseDir.deleteOnExit();
    tomcat.setBaseDir(baseDir.getAbsolutePath());
    tomcat.setPort(options.port);
    Connector connector = tomcat.getConnector();
    connector.setProperty("maxThreads", Integer.toString(options.threads));
    connector.setProperty("minSpareThreads", Integer.toString(Math.min(options.threads, 10)));
    connector.setProperty("address", "127.0.0.1");

    Context context = tomcat.addContext("", baseDir.getAbsolutePath());
    addContainerUsers(context, baseDir);

    FilterDef filterDef = new FilterDef();
    filterDef.setFilterName("request-log");
    filterDef.setFilter(new RequestLogFilter());
    context.addFilterDef(filterDef);
    FilterMap filterMap = new FilterMap();
    filterMap.setFilterName("request-log");
    filterMap.addURLPatternDecoded("/*");
    context.addFilterMap(filterMap);

    EntriesServlet entries = new EntriesServlet(database);
    Tomcat.addServlet(context, "entries", entries);
    // "/entries/*" also matches "/entries" itself (with no path info).
    context.addServletMappingDecoded("/entries/*", "entries");
    context.addServletMappingDecoded("/safe/entries", "entries");
    context.addServletMappingDecoded("/escaped/entries", "entries");
    context.addServletMappingDecoded("/authors/*", "entries");
    Tomcat.addServlet(context, "health", new HealthServlet(database));
    context.addServletMappingDecoded("/health", "health");
    Tomcat.addServlet(context, "admin", new AdminServlet());
    context.addServletMappingDecoded("/admin/*", "admin");
    context.addServletMappingDecoded("/api/*", "admin");

    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        tomcat.stop();
        tomcat.destroy();
      } catch (Exception ignored) {
        // shutting down anyway
      }
    }, "guestbook-shutdown"));

    tomcat.start();
    int port = connector.getLocalPort();
    System.out.println("Guestbook listening on port " + port);
    System.out.flush();
    tomcat.getServer().await();
  }

  /**
   * Container users for the admin area: HTTP Basic, checked preemptively (whenever a request carries
   * credentials, with no security constraint), so the principal and its roles exist before any filter.
   */
  private static void addContainerUsers(Context context, File baseDir) throws java.io.IOException {
    File users = new File(baseDir, "tomcat-users.xml");
    Files.write(users.toPath(), ("<tomcat-users>\n"
        + "  <user username=\"alice\" password=\"alice-password\" roles=\"admin\"/>\n"
        + "  <user username=\"bob\" password=\"bob-password\" roles=\"staff\"/>\n"
        + "</tomcat-users>\n").getBytes(StandardCharsets.UTF_8));
    MemoryRealm realm = new MemoryRealm();
    realm.setPathname(users.getAbsolutePath());
    context.setRealm(realm);
    context.setLoginConfig(new LoginConfig("BASIC", "guestbook", null, null));
    context.getPipeline().addValve(new BasicAuthenticator());
    context.setPreemptiveAuthentication(true);
  }

  /** Command-line options. */
  static final class Options {
    static final String USAGE = "usage: java -jar javax-guestbook.jar [--port=N] [--db=h2|postgresql|mariadb]"
        + " [--jdbc-url=URL] [--db-user=USER] [--db-password=PASSWORD] [--threads=N]";

    int port = 8080;
    String db = "h2";
    String jdbcUrl;
    String dbUser;
    String dbPassword;
    int threads = 20;

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
          case "db": o.db = value; break;
          case "jdbc-url": url = value; break;
          case "db-user": user = value; break;
          case "db-password": password = value; break;
          case "threads": o.threads = parseInt(key, value, 1, 1000); break;
          default: throw new IllegalArgumentException("unknown option: --" + key);
        }
      }
      switch (o.db) {
        case "h2":
          o.jdbcUrl = "jdbc:h2:mem:guestbook;DB_CLOSE_DELAY=-1";
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
      if (url != null) {
        o.jdbcUrl = url;
      }
      if (user != null) {
        o.dbUser = user;
      }
      if (password != null) {
        o.dbPassword = password;
      }
      return o;
    }

    private static int parseInt(String key, String value, int min, int max) {
      try {
        int n = Integer.parseInt(value);
        if (n < min || n > max) {
          throw new IllegalArgumentException("--" + key + " must be between " + min + " and " + max);
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + key + " must be a number, not " + value);
      }
    }
  }
}
