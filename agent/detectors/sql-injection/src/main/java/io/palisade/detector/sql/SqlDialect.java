package io.palisade.detector.sql;

import java.util.Locale;

/** The SQL dialects the lexer knows. CONTRACT: the engine calls fromProductName with JDBC metadata. */
public enum SqlDialect {
  ANSI,
  H2,
  MYSQL,
  POSTGRESQL;

  /** Maps {@code DatabaseMetaData.getDatabaseProductName()} to a dialect; unknown names give ANSI. */
  public static SqlDialect fromProductName(String productName) {
    if (productName == null) {
      return ANSI;
    }
    String name = productName.trim().toLowerCase(Locale.ROOT);
    if (name.equals("h2") || name.startsWith("h2 ")) {
      return H2;
    }
    if (name.contains("postgres")) {
      return POSTGRESQL;
    }
    if (name.contains("mysql") || name.contains("mariadb")) {
      return MYSQL;
    }
    return ANSI;
  }
}
