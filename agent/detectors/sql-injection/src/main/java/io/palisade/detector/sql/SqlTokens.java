package io.palisade.detector.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tokens of one statement, or of a contiguous part of it, stored in parallel arrays (no object
 * per token). Spans are [start, end) offsets into the statement. Immutable once the lexer returns it
 * (but for the window {@link OccurrenceLexer} reuses within one check).
 */
public final class SqlTokens {
  private static final SqlTokenType[] TYPES = SqlTokenType.values();

  private final String sql;
  private int size;
  private int[] starts;
  private int[] ends;
  private byte[] types;
  /** Bit 0: unterminated. Bits 1-2: length of a comment's opening delimiter. Bit 3: MySQL executable comment. */
  private byte[] flags;

  static final int UNTERMINATED = 1;
  static final int EXECUTABLE = 8;

  SqlTokens(String sql, int capacity) {
    this.sql = sql;
    int c = Math.max(4, capacity);
    starts = new int[c];
    ends = new int[c];
    types = new byte[c];
    flags = new byte[c];
  }

  void add(SqlTokenType type, int start, int end, int flag) {
    if (size == starts.length) {
      int c = size * 2;
      starts = Arrays.copyOf(starts, c);
      ends = Arrays.copyOf(ends, c);
      types = Arrays.copyOf(types, c);
      flags = Arrays.copyOf(flags, c);
    }
    starts[size] = start;
    ends[size] = end;
    types[size] = (byte) type.ordinal();
    flags[size] = (byte) flag;
    size++;
  }

  /** Forgets every token, keeping the arrays (a window reused for the next occurrence). */
  void clear() {
    size = 0;
  }

  public String sql() { return sql; }
  public int size() { return size; }
  public int start(int i) { return starts[i]; }
  public int end(int i) { return ends[i]; }
  public SqlTokenType type(int i) { return TYPES[types[i]]; }
  public String text(int i) { return sql.substring(starts[i], ends[i]); }
  /** True when a string, quoted identifier, dollar quote or block comment runs to the end of input unclosed. */
  public boolean unterminated(int i) { return (flags[i] & UNTERMINATED) != 0; }
  /** Length of a comment token's opening delimiter ({@code --} 2, {@code #} 1, {@code /*} 2, {@code /*!} 3), else 0. */
  public int commentOpenerLength(int i) { return (flags[i] >> 1) & 3; }
  /** True for a MySQL {@code /*! ... *}{@code /} comment, whose content MySQL executes. */
  public boolean executableComment(int i) { return (flags[i] & EXECUTABLE) != 0; }

  /** Index of the token containing offset {@code pos} (0 <= pos < sql.length()). */
  public int indexAt(int pos) {
    int lo = 0;
    int hi = size - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= pos) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** Debug/test view: "TYPE:text" per token. */
  public List<String> describe() {
    List<String> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(type(i) + ":" + text(i) + (unterminated(i) ? "(unterminated)" : ""));
    }
    return out;
  }
}
