package io.palisade.detector.sql;

/** CONTRACT: evidence that one request value changed a statement's structure. */
public final class SqlFinding {
  private final int valueIndex;
  private final int start;
  private final int end;
  private final String reason;

  public SqlFinding(int valueIndex, int start, int end, String reason) {
    this.valueIndex = valueIndex;
    this.start = start;
    this.end = end;
    this.reason = reason;
  }

  public int valueIndex() { return valueIndex; }
  /** Start (inclusive) of the offending occurrence in the statement. */
  public int start() { return start; }
  /** End (exclusive) of the offending occurrence in the statement. */
  public int end() { return end; }
  /** One sentence a reviewer understands. */
  public String reason() { return reason; }

  @Override
  public String toString() {
    return "SqlFinding{value=" + valueIndex + ", [" + start + "," + end + "), " + reason + "}";
  }
}
