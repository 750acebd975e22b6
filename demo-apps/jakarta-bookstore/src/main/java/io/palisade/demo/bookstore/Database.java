package io.palisade.demo.bookstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** The bookstore's tables (prefixed {@code bookstore_}), their seed data and small query helpers. */
final class Database {

  private final DataSource dataSource;
  private final String db;

  Database(DataSource dataSource, String db) {
    this.dataSource = dataSource;
    this.db = db;
  }

  String db() {
    return db;
  }

  Connection connection() throws SQLException {
    return dataSource.getConnection();
  }

  /** Drops and re-creates the bookstore tables with fixed ids, so every start sees the same data. */
  void recreateAndSeed() throws SQLException {
    try (Connection c = connection(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS bookstore_books");
      s.execute("DROP TABLE IF EXISTS bookstore_authors");
      s.execute("DROP TABLE IF EXISTS bookstore_users");
      s.execute("CREATE TABLE bookstore_authors (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL)");
      s.execute("CREATE TABLE bookstore_books (id INT PRIMARY KEY, title VARCHAR(200) NOT NULL,"
          + " author_id INT NOT NULL, description VARCHAR(1000) NOT NULL, price_cents INT NOT NULL)");
      s.execute("CREATE TABLE bookstore_users (id INT PRIMARY KEY, username VARCHAR(50) NOT NULL,"
          + " password VARCHAR(100) NOT NULL, role VARCHAR(20) NOT NULL)");
    }
    try (Connection c = connection()) {
      try (PreparedStatement p = c.prepareStatement("INSERT INTO bookstore_authors (id, name) VALUES (?, ?)")) {
        String[] authors = {"O'Brien", "Ursula K. Le Guin", "Terry Pratchett", "Edgar F. Codd"};
        for (int i = 0; i < authors.length; i++) {
          p.setInt(1, i + 1);
          p.setString(2, authors[i]);
          p.executeUpdate();
        }
      }
      try (PreparedStatement p = c.prepareStatement("INSERT INTO bookstore_books"
          + " (id, title, author_id, description, price_cents) VALUES (?, ?, ?, ?, ?)")) {
        Object[][] books = {
            {1, "At Swim-Two-Birds", 1, "A student writes a novel about a novelist whose characters revolt.", 1299},
            {2, "The Dispossessed", 2, "An ambiguous utopia: two worlds, one physicist.", 1599},
            {3, "Guards! Guards!", 3, "A dragon, the Night Watch, and a secret society.", 999},
            {4, "The Third Policeman", 1, "Bicycles, eternity and a very strange police station.", 1150},
            {5, "Relational Databases for Beginners", 4,
                "Learn to write SELECT * FROM users WHERE id = 1; and why you should never concatenate input.", 2999},
            {6, "The Left Hand of Darkness", 2, "An envoy on the winter planet Gethen.", 1450},
        };
        for (Object[] b : books) {
          p.setInt(1, (Integer) b[0]);
          p.setString(2, (String) b[1]);
          p.setInt(3, (Integer) b[2]);
          p.setString(4, (String) b[3]);
          p.setInt(5, (Integer) b[4]);
          p.executeUpdate();
        }
      }
      try (PreparedStatement p = c.prepareStatement(
          "INSERT INTO bookstore_users (id, username, password, role) VALUES (?, ?, ?, ?)")) {
        String[][] users = {
            {"1", "admin", "Adm1n-Secret!", "admin"},
            {"2", "alice", "wonderland-42", "customer"},
            {"3", "bob", "builder#7", "customer"},
        };
        for (String[] u : users) {
          p.setInt(1, Integer.parseInt(u[0]));
          p.setString(2, u[1]);
          p.setString(3, u[2]);
          p.setString(4, u[3]);
          p.executeUpdate();
        }
      }
    }
  }

  /** Runs a statement built by concatenation (the vulnerable way) and returns its rows. */
  List<Map<String, Object>> queryConcatenated(String sql, String... columns) throws SQLException {
    try (Connection c = connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rows(rs, columns);
    }
  }

  /** Runs a prepared statement with string parameters and returns its rows. */
  List<Map<String, Object>> queryPrepared(String sql, List<Object> params, String... columns) throws SQLException {
    try (Connection c = connection(); PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        p.setObject(i + 1, params.get(i));
      }
      try (ResultSet rs = p.executeQuery()) {
        return rows(rs, columns);
      }
    }
  }

  private static List<Map<String, Object>> rows(ResultSet rs, String... columns) throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    while (rs.next()) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 0; i < columns.length; i++) {
        Object value = rs.getObject(i + 1);
        if (value instanceof Number) {
          value = ((Number) value).longValue();
        }
        row.put(columns[i], value);
      }
      rows.add(row);
    }
    return rows;
  }
}
