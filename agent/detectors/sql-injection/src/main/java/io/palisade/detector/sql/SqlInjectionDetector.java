package io.palisade.detector.sql;

import java.util.List;

/** CONTRACT: stateless and thread-safe. */
public final class SqlInjectionDetector {
  /**
   * Returns evidence that one of {@code values} changed the structure of {@code sql}, or null.
   * {@link SqlFinding#valueIndex()} indexes {@code values}.
   */
  public SqlFinding detect(String sql, SqlDialect dialect, List<String> values) {
    throw new UnsupportedOperationException("TODO");
  }
}
