package io.palisade.demo.bookstore;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.HttpServlet;
import java.io.File;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * A small, deliberately vulnerable bookstore service: embedded Tomcat 11, plain JDBC through HikariCP.
 *
 * <pre>
 *   java -jar jakarta-bookstore.jar [--port=N] [--db=h2|postgresql|mariadb]
 *        [--jdbc-url=URL] [--db-user=USER] [--db-password=PASSWORD] [--threads=N]
 * </pre>
 *
 * Prints exactly one line {@code Bookstore listening on port N} to stdout when it serves requests.
 */
public final class BookstoreApp {

  private BookstoreApp() {}

  public static void main(String[] args) throws Exception {
    // Quiet the pool's logging before SLF4J initialises; warnings still go to stderr.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");

    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bookstore: " + e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }

    HikariDataSource dataSource = createDataSource(options);
    Database database = new Database(dataSource, options.db);
    database.recreateAndSeed();

    Tomcat tomcat = new Tomcat();
    File baseDir = Files.createTempDirectory("bookstore-tomcat").toFile();
    baseDir.deleteOnExit();
    tomcat.setBaseDir(baseDir.getAbsolutePath());
    tomcat.setPort(options.port);
    Connector connector = tomcat.getConnector();
    connector.setProperty("maxThreads", Integer.toString(options.threads));
    connector.setProperty("minSpareThreads", Integer.toString(Math.min(options.threads, 10)));
    connector.setProperty("address", "127.0.0.1");

    Context context = tomcat.addContext("", baseDir.getAbsolutePath());
    Map<String, HttpServlet> routes = new LinkedHashMap<>();
    BooksServlet books = new BooksServlet(database);
    routes.put("/books", books);
    routes.put("/safe/books", books);
    routes.put("/books/sorted", books);
    routes.put("/safe/books/sorted", books);
    routes.put("/books/in", books);
    routes.put("/books/lenient", books);
    routes.put("/books/retry", books);
    routes.put("/books/all", books);
    SearchServlet search = new SearchServlet(database);
    routes.put("/search", search);
    routes.put("/safe/search", search);
    LoginServlet login = new LoginServlet(database);
    routes.put("/login", login);
    routes.put("/safe/login", login);
    routes.put("/escaped/authors", new AuthorsServlet(database));
    MiscServlet misc = new MiscServlet(database);
    routes.put("/hello", misc);
    routes.put("/health", misc);
    routes.put("/isolation", misc);
    CatalogueApiServlet catalogueApi = new CatalogueApiServlet(database);
    for (String path : List.of("/api/books/search", "/api/books/import", "/api/books/covers", "/api/books/lookup", "/api/ping")) {
      routes.put(path, catalogueApi);
    }
    OutboundServlet outbound = new OutboundServlet();
    for (String path : List.of("/preview", "/redirect", "/weather", "/internal/status")) {
      routes.put(path, outbound);
    }
    ExecutorService lookups = Executors.newFixedThreadPool(4);
    AsyncBooksServlet asyncBooks = new AsyncBooksServlet(database, lookups);
    for (String path : List.of("/async/container", "/async/executor", "/async/future")) {
      routes.put(path, asyncBooks);
    }
    ReviewsServlet reviews = new ReviewsServlet();
    routes.put("/reviews/preview", reviews);
    routes.put("/safe/reviews/preview", reviews);
    LegacySearchServlet legacySearch = new LegacySearchServlet();
    for (String path : List.of("/legacy/search", "/safe/legacy/search", "/legacy/export")) {
      routes.put(path, legacySearch);
    }
    ThymeleafServlet thymeleaf = new ThymeleafServlet();
    for (String path : List.of("/thymeleaf/review", "/safe/thymeleaf/review", "/thymeleaf/greeting", "/safe/thymeleaf/greeting")) {
      routes.put(path, thymeleaf);
    }
    int i = 0;
    for (Map.Entry<String, HttpServlet> route : routes.entrySet()) {
      String name = route.getValue().getClass().getSimpleName() + "-" + (i++);
      Wrapper wrapper = Tomcat.addServlet(context, name, route.getValue());
      wrapper.setAsyncSupported(true);
      if (route.getValue() == catalogueApi) {
        wrapper.setMultipartConfigElement(new MultipartConfigElement(null, 1 << 20, 2 << 20, 0));
      }
      context.addServletMappingDecoded(route.getKey(), name);
    }

    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        tomcat.stop();
        tomcat.destroy();
      } catch (Exception ignored) {
        // shutting down anyway
      }
      lookups.shutdownNow();
      dataSource.close();
    }, "bookstore-shutdown"));

    tomcat.start();
    int port = connector.getLocalPort();
    System.out.println("Bookstore listening on port " + port);
    System.out.flush();
    tomcat.getServer().await();
  }

  private static HikariDataSource createDataSource(Options options) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("bookstore");
    config.setJdbcUrl(options.jdbcUrl);
    config.setUsername(options.dbUser);
    config.setPassword(options.dbPassword);
    config.setMaximumPoolSize(5);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(10_000);
    return new HikariDataSource(config);
  }

  /** Command-line options. */
  static final class Options {
    static final String USAGE = "usage: java -jar jakarta-bookstore.jar [--port=N] [--db=h2|postgresql|mariadb]"
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
          o.jdbcUrl = "jdbc:h2:mem:bookstore;DB_CLOSE_DELAY=-1";
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
