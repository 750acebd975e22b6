package io.palisade.demo.shop;

import jakarta.annotation.PostConstruct;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The shop's tables (prefixed {@code shop_}), dropped, re-created and seeded with fixed ids at every
 * start, before the web server accepts requests, so every run sees the same data.
 */
@Component
class ShopDatabase {

  private final JdbcTemplate jdbc;

  ShopDatabase(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @PostConstruct
  void recreateAndSeed() {
    jdbc.execute("DROP TABLE IF EXISTS shop_orders");
    jdbc.execute("DROP TABLE IF EXISTS shop_products");
    jdbc.execute("DROP TABLE IF EXISTS shop_accounts");
    jdbc.execute("CREATE TABLE shop_accounts (id INT PRIMARY KEY, username VARCHAR(50) NOT NULL,"
        + " full_name VARCHAR(100) NOT NULL, email VARCHAR(100) NOT NULL, role VARCHAR(20) NOT NULL)");
    jdbc.execute("CREATE TABLE shop_products (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL,"
        + " category VARCHAR(50) NOT NULL, description VARCHAR(500) NOT NULL, price_cents INT NOT NULL)");
    jdbc.execute("CREATE TABLE shop_orders (id INT PRIMARY KEY, account_id INT NOT NULL, product_id INT NOT NULL,"
        + " quantity INT NOT NULL, status VARCHAR(20) NOT NULL, note VARCHAR(500) NOT NULL)");

    String accounts = "INSERT INTO shop_accounts (id, username, full_name, email, role) VALUES (?, ?, ?, ?, ?)";
    jdbc.update(accounts, 1, "admin", "Ada Admin", "admin@shop.example", "admin");
    jdbc.update(accounts, 2, "alice", "Alice Liddell", "alice@example.org", "customer");
    jdbc.update(accounts, 3, "bob", "Bob Builder", "bob@example.org", "customer");
    jdbc.update(accounts, 4, "obrien", "Flann O'Brien", "flann@example.ie", "customer");

    String products = "INSERT INTO shop_products (id, name, category, description, price_cents) VALUES (?, ?, ?, ?, ?)";
    jdbc.update(products, 1, "Desk lamp", "office", "A brass desk lamp with a green shade.", 4900);
    jdbc.update(products, 2, "Standing desk", "office", "Select * from our range of heights; drop it to sit.", 39900);
    jdbc.update(products, 3, "O'Brien's Irish stout glass", "kitchen", "A pint glass, as poured in O'Brien's pub.", 1200);
    jdbc.update(products, 4, "Espresso cups", "kitchen", "Six cups -- union of form and function.", 2400);
    jdbc.update(products, 5, "Office chair", "office", "Mesh back, adjustable arms.", 18900);

    String orders = "INSERT INTO shop_orders (id, account_id, product_id, quantity, status, note) VALUES (?, ?, ?, ?, ?, ?)";
    jdbc.update(orders, 1, 2, 1, 1, "shipped", "Leave at the door");
    jdbc.update(orders, 2, 2, 4, 2, "new", "Gift wrap, please");
    jdbc.update(orders, 3, 3, 5, 1, "new", "");
    jdbc.update(orders, 4, 4, 3, 6, "shipped", "For Mrs O'Brien");
    jdbc.update(orders, 5, 1, 2, 1, "cancelled", "Wrong height");
  }
}
