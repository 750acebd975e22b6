package io.palisade.demo.shop;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Orders of the calling account. The account comes from the {@code X-Account} header, as if a gateway in
 * front had authenticated the caller and passed the name on.
 */
@RestController
class OrdersController {
  static final String ACCOUNT_HEADER = "X-Account";

  /** {@code {"product_id": 1, "quantity": 2, "note": "Leave at the door"}}. */
  record NewOrder(int productId, int quantity, String note) {}

  private final JdbcTemplate jdbc;

  OrdersController(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** VULNERABLE: the header value is concatenated into the WHERE clause. */
  @GetMapping("/api/orders")
  Map<String, Object> orders(@RequestHeader(ACCOUNT_HEADER) String account) {
    return Map.of("orders", jdbc.query("SELECT " + Rows.ORDER_COLUMNS + Rows.ORDERS_FROM
        + " WHERE a.username = '" + account + "' ORDER BY o.id", Rows.ORDER));
  }

  /** Safe twin: a bound parameter. */
  @GetMapping("/api/safe/orders")
  Map<String, Object> safeOrders(@RequestHeader(ACCOUNT_HEADER) String account) {
    return Map.of("orders", jdbc.query("SELECT " + Rows.ORDER_COLUMNS + Rows.ORDERS_FROM
        + " WHERE a.username = ? ORDER BY o.id", Rows.ORDER, account));
  }

  /** VULNERABLE: the JSON field {@code note} is concatenated into the INSERT. */
  @PostMapping("/api/orders")
  @ResponseStatus(HttpStatus.CREATED)
  Map<String, Object> place(@RequestHeader(ACCOUNT_HEADER) String account, @RequestBody NewOrder order) {
    int id = nextId();
    int created = jdbc.update("INSERT INTO shop_orders (id, account_id, product_id, quantity, status, note)"
        + " SELECT " + id + ", a.id, " + order.productId() + ", " + order.quantity() + ", 'new', '" + order.note() + "'"
        + " FROM shop_accounts a WHERE a.username = ?", account);
    return Map.of("created", created);
  }

  /** Safe twin: bound parameters. */
  @PostMapping("/api/safe/orders")
  @ResponseStatus(HttpStatus.CREATED)
  Map<String, Object> safePlace(@RequestHeader(ACCOUNT_HEADER) String account, @RequestBody NewOrder order) {
    int id = nextId();
    int created = jdbc.update("INSERT INTO shop_orders (id, account_id, product_id, quantity, status, note)"
        + " SELECT ?, a.id, ?, ?, 'new', ? FROM shop_accounts a WHERE a.username = ?",
        id, order.productId(), order.quantity(), String.valueOf(order.note()), account);
    return Map.of("created", created);
  }

  // Several shop processes may share one PostgreSQL or MariaDB database (tests compare them): the id
  // comes from the table, not from a counter in this JVM.
  private int nextId() {
    Integer max = jdbc.queryForObject("SELECT MAX(id) FROM shop_orders", Integer.class);
    return (max == null ? 0 : max) + 1;
  }
}
