package io.palisade.demo.inventory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code inventory_items} table, its seed rows and the two ways to query it: concatenated SQL
 * (the vulnerable way) and bound parameters. One {@link DriverManager} connection per call, no pool.
 */
final class InventoryDatabase {
  static final String COLUMNS = "SELECT id, sku, name, warehouse, quantity FROM inventory_items";

  private static final Object[][] SEED = {
      {1, "LMP-001", "O'Brien's Lamp", "north", 12},
      {2, "BIK-002", "Third Policeman Bicycle", "north", 3},
      {3, "DSK-003", "Standing Desk", "south", 7},
      {4, "CHR-004", "Chair; the SELECT * edition", "south", 25},
      {5, "TBL-005", "Oak Table", "O'Connell Street", 2},
  };

  private final String url;
  private final String user;
  private final String password;

  InventoryDatabase(String db, String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  private Connection connection() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  /** Drops and re-creates the table with the fixed seed rows, so every start sees the same data. */
  void recreateAndSeed() throws SQLException {
    try (Connection c = connection(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS inventory_items");
      s.execute("CREATE TABLE inventory_items (id INT PRIMARY KEY, sku VARCHAR(20) NOT NULL,"
          + " name VARCHAR(100) NOT NULL, warehouse VARCHAR(100) NOT NULL, quantity INT NOT NULL)");
      try (PreparedStatement p = c.prepareStatement(
          "INSERT INTO inventory_items (id, sku, name, warehouse, quantity) VALUES (?, ?, ?, ?, ?)")) {
        for (Object[] row : SEED) {
          p.setInt(1, (Integer) row[0]);
          p.setString(2, (String) row[1]);
          p.setString(3, (String) row[2]);
          p.setString(4, (String) row[3]);
          p.setInt(5, (Integer) row[4]);
          p.executeUpdate();
        }
      }
    }
  }

  /** Runs SQL built by concatenation; {@code execute} (not {@code executeQuery}) as many DAOs do. */
  List<Map<String, Object>> concatenated(String sql) throws SQLException {
    try (Connection c = connection(); Statement s = c.createStatement()) {
      if (!s.execute(sql)) {
        return List.of();
      }
      try (ResultSet rs = s.getResultSet()) {
        return rows(rs);
      }
    }
  }

  /** Runs a prepared statement with bound parameters. */
  List<Map<String, Object>> bound(String sql, Object... parameters) throws SQLException {
    try (Connection c = connection(); PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        p.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rs = p.executeQuery()) {
        return rows(rs);
      }
    }
  }

  private static List<Map<String, Object>> rows(ResultSet rs) throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    while (rs.next()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", rs.getInt("id"));
      row.put("sku", rs.getString("sku"));
      row.put("name", rs.getString("name"));
      row.put("warehouse", rs.getString("warehouse"));
      row.put("quantity", rs.getInt("quantity"));
      rows.add(row);
    }
    return rows;
  }
}
