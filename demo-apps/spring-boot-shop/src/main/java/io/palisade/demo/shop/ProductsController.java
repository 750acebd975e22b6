package io.palisade.demo.shop;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Product search from a JSON body: the vulnerable endpoint and its safe twin. */
@RestController
class ProductsController {

  /** {@code {"query": "lamp", "category": "office"}}; the category is optional. */
  record SearchRequest(String query, String category) {}

  private final JdbcTemplate jdbc;

  ProductsController(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** VULNERABLE: the JSON field {@code query} is concatenated into the LIKE pattern. */
  @PostMapping("/api/products/search")
  Map<String, Object> search(@RequestBody SearchRequest request) {
    return Map.of("products", searchConcatenated(jdbc, request));
  }

  /** Safe twin: the same search with bound parameters. */
  @PostMapping("/api/safe/products/search")
  Map<String, Object> safeSearch(@RequestBody SearchRequest request) {
    String sql = "SELECT " + Rows.PRODUCT_COLUMNS + " FROM shop_products WHERE LOWER(name) LIKE ?"
        + (request.category() == null ? "" : " AND category = ?") + " ORDER BY id";
    String pattern = "%" + String.valueOf(request.query()).toLowerCase() + "%";
    List<Rows.Product> products = request.category() == null
        ? jdbc.query(sql, Rows.PRODUCT, pattern)
        : jdbc.query(sql, Rows.PRODUCT, pattern, request.category());
    return Map.of("products", products);
  }

  /** The vulnerable search, shared with the asynchronous endpoint. */
  static List<Rows.Product> searchConcatenated(JdbcTemplate jdbc, SearchRequest request) {
    String sql = "SELECT " + Rows.PRODUCT_COLUMNS + " FROM shop_products WHERE LOWER(name) LIKE '%"
        + String.valueOf(request.query()).toLowerCase() + "%'"
        + (request.category() == null ? "" : " AND category = '" + request.category() + "'")
        + " ORDER BY id";
    return jdbc.query(sql, Rows.PRODUCT);
  }
}
