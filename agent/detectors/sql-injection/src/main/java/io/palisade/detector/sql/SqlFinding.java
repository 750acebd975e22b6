package io.palisade.detector.sql;

/** CONTRACT: evidence that one request value changed a statement's structure. */
public final class SqlFinding {
  public int valueIndex() { throw new UnsupportedOperationException("TODO"); }
  /** Start (inclusive) of the offending occurrence in the statement. */
  public int start() { throw new UnsupportedOperationException("TODO"); }
  /** End (exclusive) of the offending occurrence in the statement. */
  public int end() { throw new UnsupportedOperationException("TODO"); }
  /** One sentence a reviewer understands. */
  public String reason() { throw new UnsupportedOperationException("TODO"); }
}
