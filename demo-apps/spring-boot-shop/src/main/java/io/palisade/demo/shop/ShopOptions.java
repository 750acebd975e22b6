package io.palisade.demo.shop;

/** The shop's command-line flags: the same names and defaults as the bookstore demo's. */
final class ShopOptions {
  static final String USAGE = "usage: java -jar spring-boot-shop.jar [--port=N] [--db=h2|postgresql|mariadb]"
      + " [--jdbc-url=URL] [--db-user=USER] [--db-password=PASSWORD] [--threads=N]";

  int port = 8080;
  String db = "h2";
  String jdbcUrl;
  String dbUser;
  String dbPassword;
  int threads = 20;

  static ShopOptions parse(String[] args) {
    ShopOptions o = new ShopOptions();
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
        o.jdbcUrl = "jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1";
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
