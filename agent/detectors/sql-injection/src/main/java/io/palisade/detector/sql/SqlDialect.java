package io.palisade.detector.sql;

/** The SQL dialects the lexer knows. CONTRACT: the engine calls fromProductName with JDBC metadata. */
public enum SqlDialect {
  ANSI,
  H2,
  MYSQL,
  POSTGRESQL;

  /** Maps {@code DatabaseMetaData.getDatabaseProductName()} to a dialect; unknown names give ANSI. */
  public static SqlDialect fromProductName(String productName) {
    throw new UnsupportedOperationException("TODO");
  }
}
