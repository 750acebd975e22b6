package io.palisade.demo.shop;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;

/**
 * A small, deliberately vulnerable shop API on Spring Boot 3 (embedded Tomcat), {@code JdbcTemplate}
 * over HikariCP. Takes the same flags as the bookstore demo:
 *
 * <pre>
 *   java -jar spring-boot-shop.jar [--port=N] [--db=h2|postgresql|mariadb]
 *        [--jdbc-url=URL] [--db-user=USER] [--db-password=PASSWORD] [--threads=N]
 * </pre>
 *
 * The flags are turned into Spring properties here rather than left to Spring's own command-line
 * parsing, so the shop and the bookstore are started the same way. Prints exactly one line
 * {@code Shop listening on port N} to stdout once it serves requests.
 */
@SpringBootApplication
public class ShopApp {

  public static void main(String[] args) {
    ShopOptions options;
    try {
      options = ShopOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("shop: " + e.getMessage());
      System.err.println(ShopOptions.USAGE);
      System.exit(2);
      return;
    }
    SpringApplication app = new SpringApplication(ShopApp.class);
    app.setDefaultProperties(properties(options));
    app.addListeners((ApplicationListener<ApplicationReadyEvent>) event -> {
      int port = ((WebServerApplicationContext) event.getApplicationContext()).getWebServer().getPort();
      System.out.println("Shop listening on port " + port);
      System.out.flush();
    });
    app.run();
  }

  private static Map<String, Object> properties(ShopOptions o) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("server.port", o.port);
    p.put("server.address", "127.0.0.1");
    p.put("server.tomcat.threads.max", o.threads);
    p.put("server.tomcat.threads.min-spare", Math.min(o.threads, 10));
    p.put("spring.datasource.url", o.jdbcUrl);
    p.put("spring.datasource.username", o.dbUser);
    p.put("spring.datasource.password", o.dbPassword);
    p.put("spring.datasource.hikari.pool-name", "shop");
    p.put("spring.datasource.hikari.maximum-pool-size", 5);
    p.put("spring.datasource.hikari.minimum-idle", 1);
    p.put("spring.datasource.hikari.connection-timeout", 10_000);
    p.put("shop.db", o.db);
    p.put("spring.main.banner-mode", "off");
    p.put("logging.level.root", "warn");
    // The shop's own schema is created by ShopDatabase; Boot must not run schema.sql/data.sql.
    p.put("spring.sql.init.mode", "never");
    p.put("spring.jmx.enabled", false);
    p.put("spring.jackson.property-naming-strategy", "SNAKE_CASE");
    // FreeMarker pages: view names freemarker/<page>.ftl|.ftlh (the extension decides auto-escaping).
    p.put("spring.freemarker.view-names", "freemarker/*");
    p.put("spring.freemarker.suffix", "");
    p.put("spring.freemarker.settings.recognize_standard_file_extensions", "true");
    // Thymeleaf renders only the view names thymeleaf/* (templates/thymeleaf/); other engines keep theirs.
    p.put("spring.thymeleaf.view-names", "thymeleaf/*");
    return p;
  }
}
