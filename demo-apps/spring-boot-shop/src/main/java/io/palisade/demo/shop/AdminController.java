package io.palisade.demo.shop;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The admin area: an order report filtered by a nested JSON object, and the shop's figures. */
@RestController
class AdminController {

  /** {@code {"filter": {"status": "new", "min_quantity": 1}}}. */
  record ReportRequest(Filter filter) {}

  record Filter(String status, Integer minQuantity) {}

  private final JdbcTemplate jdbc;

  AdminController(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** VULNERABLE: {@code /filter/status} is concatenated into the WHERE clause. */
  @PostMapping("/api/admin/reports/orders")
  Map<String, Object> ordersReport(@RequestBody ReportRequest request) {
    Filter f = request.filter();
    String sql = "SELECT " + Rows.ORDER_COLUMNS + Rows.ORDERS_FROM + " WHERE o.status = '" + f.status() + "'"
        + (f.minQuantity() == null ? "" : " AND o.quantity >= " + f.minQuantity()) + " ORDER BY o.id";
    return Map.of("orders", jdbc.query(sql, Rows.ORDER));
  }

  /** Safe twin: bound parameters. */
  @PostMapping("/api/safe/admin/reports/orders")
  Map<String, Object> safeOrdersReport(@RequestBody ReportRequest request) {
    Filter f = request.filter();
    List<Object> args = new ArrayList<>();
    args.add(f.status());
    if (f.minQuantity() != null) {
      args.add(f.minQuantity());
    }
    String sql = "SELECT " + Rows.ORDER_COLUMNS + Rows.ORDERS_FROM + " WHERE o.status = ?"
        + (f.minQuantity() == null ? "" : " AND o.quantity >= ?") + " ORDER BY o.id";
    return Map.of("orders", jdbc.query(sql, Rows.ORDER, args.toArray()));
  }

  /**
   * The shop's figures: accounts per role, orders and products in all. The integration tests read them
   * after an attack to prove that nothing was changed.
   */
  @GetMapping("/api/admin/stats")
  Map<String, Object> stats() {
    Map<String, Object> stats = new java.util.LinkedHashMap<>();
    stats.put("admins", count("SELECT COUNT(*) FROM shop_accounts WHERE role = 'admin'"));
    stats.put("accounts", count("SELECT COUNT(*) FROM shop_accounts"));
    stats.put("orders", count("SELECT COUNT(*) FROM shop_orders"));
    stats.put("products", count("SELECT COUNT(*) FROM shop_products"));
    return stats;
  }

  private int count(String sql) {
    Integer n = jdbc.queryForObject(sql, Integer.class);
    return n == null ? 0 : n;
  }
}
