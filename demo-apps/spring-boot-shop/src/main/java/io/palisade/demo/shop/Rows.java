package io.palisade.demo.shop;

import org.springframework.jdbc.core.RowMapper;

/**
 * What the API returns, mapped by column position so that every database (H2 upper-cases labels,
 * PostgreSQL lower-cases them) gives the same JSON.
 */
final class Rows {
  private Rows() {}

  record Account(int id, String username, String fullName, String email, String role) {}

  record Product(int id, String name, String category, String description, int priceCents) {}

  record Order(int id, String account, int productId, int quantity, String status, String note) {}

  static final String ACCOUNT_COLUMNS = "id, username, full_name, email, role";
  static final String PRODUCT_COLUMNS = "id, name, category, description, price_cents";
  static final String ORDER_COLUMNS = "o.id, a.username, o.product_id, o.quantity, o.status, o.note";
  static final String ORDERS_FROM = " FROM shop_orders o JOIN shop_accounts a ON a.id = o.account_id";

  static final RowMapper<Account> ACCOUNT = (rs, n) ->
      new Account(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
  static final RowMapper<Product> PRODUCT = (rs, n) ->
      new Product(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5));
  static final RowMapper<Order> ORDER = (rs, n) ->
      new Order(rs.getInt(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getString(5), rs.getString(6));
}
