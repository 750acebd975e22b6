package io.palisade.detector.sql;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A request's values arranged to pick, from a statement seen once, the few values worth searching
 * for. A kept statement has a filter of its own pieces ({@link StatementProfile}), built once and then
 * tested per value; for a statement seen once that build was most of the check. Here it is the other
 * way round: the values' opening pieces are recorded once per request, and the statement is read at
 * every {@link #stride}-th position only (every fourth, usually). A value of at least {@link
 * #shortestSieved} characters (four at every second position, six at every fourth), wherever it
 * occurs, has one of its first {@code stride} pieces on such a position, so only where a piece read
 * there is recorded can one occur; it is then compared there, ignoring case, with the values that
 * have that piece ({@link String#regionMatches(boolean, int, String, int, int)}, which accepts every
 * pair of characters lower-casing makes equal). Pieces are case-folded as the profile's are.
 *
 * <p>Values shorter than that, and values holding a quote (their escaped form could occur where they
 * do not), are searched for directly ({@link #valuesToSearch}, {@link DirectSearch}). Reading every
 * fourth position is cheapest, but leaves values of four and five characters to a direct search, which
 * for one with letters and no rare character costs about as much as a read of the statement at every
 * other position (it scans for its first letter in both cases); so the stride is chosen per request,
 * by an estimate of the two costs ({@link #chooseStride}).
 *
 * <p>CONTRACT: immutable, so safe to publish racily; thread-safe.
 */
final class ValueSieve {
  /** The widest stride: every fourth position read. */
  static final int MAX_STRIDE = 4;
  /** Filter bits per recorded piece, at least (two are set per piece: at most 1 in 32 set). */
  private static final int BITS_PER_PIECE_LOG2 = 6;
  private static final int MIN_BITS_LOG2 = 10;
  private static final int MAX_BITS_LOG2 = 16;
  private static final int SECOND_HASH = 0x85EBCA6B;
  private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  /**
   * Estimated cost per character of the statement (ns on the machine of docs/benchmarks.md, from
   * profiles of statements of 300 and 2,300 characters): reading a piece at every position, and
   * searching directly for a value anchored at a letter (two scans, hits at every such letter), at a
   * rare character, or by {@link String#indexOf(String)}.
   */
  private static final double READ_EVERY_POSITION = 1.5;
  private static final double SEARCH_FROM_LETTER = 0.26;
  private static final double SEARCH_FROM_RARE = 0.03;
  private static final double SEARCH_WHOLE = 0.08;

  private final RequestValues values;
  /** Positions of the statement read: every {@code stride}-th. */
  private final int stride;
  /** Two bits per recorded piece: a piece read from the statement with either bit clear is no value's. */
  private final long[] bits;
  /** 32 minus the filter's size in bits, log 2. */
  private final int shift;
  /** Each recorded piece, sorted: its hash in the high half, value index times MAX_STRIDE plus offset low. */
  private final long[] pieces;
  /** Values always searched for directly, by index, ascending. */
  private final int[] unsieved;

  ValueSieve(RequestValues values) {
    this(values, chooseStride(values));
  }

  /** A sieve that reads every {@code stride}-th position (2 to {@link #MAX_STRIDE}). */
  ValueSieve(RequestValues values, int stride) {
    this.values = values;
    this.stride = stride;
    int shortest = shortestSieved(stride);
    int size = values.size();
    int[] direct = new int[size];
    int directCount = 0;
    long[] recorded = new long[size * stride];
    int recordedCount = 0;
    for (int i = 0; i < size; i++) {
      String value = values.value(i);
      if (value == null || value.isEmpty()) {
        continue; // never occurs
      }
      if (value.length() < shortest || values.hasQuote(i)) {
        direct[directCount++] = i;
        continue;
      }
      for (int offset = 0; offset < stride; offset++) {
        int hash = StatementProfile.pieceHashAt(value, offset);
        recorded[recordedCount++] = (long) hash << 32 | (long) i * MAX_STRIDE + offset;
      }
    }
    this.unsieved = Arrays.copyOf(direct, directCount);
    this.pieces = Arrays.copyOf(recorded, recordedCount);
    Arrays.sort(pieces);
    int bitsLog2 = Math.max(MIN_BITS_LOG2, Math.min(MAX_BITS_LOG2,
        32 - Integer.numberOfLeadingZeros(Math.max(1, recordedCount - 1)) + BITS_PER_PIECE_LOG2));
    this.shift = 32 - bitsLog2;
    this.bits = new long[1 << (bitsLog2 - 6)];
    for (long piece : pieces) {
      int hash = (int) (piece >> 32);
      set(hash >>> shift);
      set(hash * SECOND_HASH >>> shift);
    }
  }

  /**
   * The stride with the lowest estimated cost per character of a statement: the read at that stride,
   * plus the direct searches of the values of four or five characters it leaves unsieved (shorter ones
   * are searched for at any stride).
   */
  static int chooseStride(RequestValues values) {
    int best = MAX_STRIDE;
    double bestCost = Double.MAX_VALUE;
    for (int stride = MAX_STRIDE; stride >= 2; stride--) {
      double cost = READ_EVERY_POSITION / stride;
      int shortest = shortestSieved(stride);
      for (int i = 0, n = values.size(); i < n; i++) {
        String value = values.value(i);
        if (value != null && value.length() >= StatementProfile.GRAM + 1 && value.length() < shortest
            && !values.hasQuote(i)) {
          cost += DirectSearch.rareCharOffset(value) >= 0 ? SEARCH_FROM_RARE
              : values.hasCasedLetter(i) ? SEARCH_FROM_LETTER : SEARCH_WHOLE;
        }
      }
      if (cost < bestCost) {
        best = stride;
        bestCost = cost;
      }
    }
    return best;
  }

  /** The stride this sieve reads the statement at. */
  int stride() {
    return stride;
  }

  /**
   * The shortest value sieved at {@code stride}; shorter ones are searched for directly. A value this
   * long covers a whole piece at one of the positions read, wherever it lies.
   */
  static int shortestSieved(int stride) {
    return StatementProfile.GRAM + stride - 1;
  }

  /**
   * The indexes of the values to search {@code sql} for, ascending: those always searched for
   * directly, and the sieved ones that may occur in it in some letter case. Any value not listed
   * occurs nowhere in it, in any case.
   */
  int[] valuesToSearch(String sql) {
    if (pieces.length == 0) {
      return unsieved;
    }
    long[] bits = this.bits;
    int shift = this.shift;
    int mask = bits.length - 1;
    int stride = this.stride;
    int[] found = null;
    int n = sql.length();
    int i = 0;
    // SQL is nearly always ASCII: then its UTF-8 bytes (a vectorised check and copy) are its characters,
    // and a piece is one four-byte read instead of three character reads and folds
    byte[] ascii = n >= 4 ? sql.getBytes(StandardCharsets.UTF_8) : null;
    if (ascii != null && ascii.length == n) {
      for (int last = n - 4; i <= last; i += stride) {
        int hash = StatementProfile.asciiPieceHash((int) INT_LE.get(ascii, i));
        int h = hash >>> shift;
        // masked although in range: the JIT then drops the bounds check in this loop
        if ((bits[(h >>> 6) & mask] & (1L << h)) != 0) {
          int h2 = hash * SECOND_HASH >>> shift;
          if ((bits[(h2 >>> 6) & mask] & (1L << h2)) != 0) {
            found = compareAt(sql, i, hash, found);
          }
        }
      }
    }
    for (int last = n - StatementProfile.GRAM; i <= last; i += stride) {
      int hash = StatementProfile.pieceHashAt(sql, i);
      int h = hash >>> shift;
      if ((bits[(h >>> 6) & mask] & (1L << h)) != 0) {
        int h2 = hash * SECOND_HASH >>> shift;
        if ((bits[(h2 >>> 6) & mask] & (1L << h2)) != 0) {
          found = compareAt(sql, i, hash, found);
        }
      }
    }
    return found == null ? unsieved : merged(found);
  }

  /** Indexes of the values always searched for directly, ascending. */
  int[] unsieved() {
    return unsieved;
  }

  /**
   * Compares, ignoring case, each value that has the piece {@code hash} at its offset {@code o} with
   * the statement from {@code at - o}; adds those that match to {@code found} (a mark per value).
   */
  private int[] compareAt(String sql, int at, int hash, int[] found) {
    long key = (long) hash << 32;
    int k = Arrays.binarySearch(pieces, key);
    for (k = k < 0 ? -k - 1 : k; k < pieces.length && (int) (pieces[k] >> 32) == hash; k++) {
      int ref = (int) pieces[k];
      int index = ref / MAX_STRIDE;
      int start = at - ref % MAX_STRIDE;
      String value = values.value(index);
      if (start >= 0 && start + value.length() <= sql.length()
          && (found == null || found[index] == 0)
          && sql.regionMatches(true, start, value, 0, value.length())) {
        if (found == null) {
          found = new int[values.size()];
        }
        found[index] = 1;
      }
    }
    return found;
  }

  /** The unsieved values and those marked in {@code found}, by index, ascending. */
  private int[] merged(int[] found) {
    for (int index : unsieved) {
      found[index] = 1;
    }
    int count = 0;
    for (int mark : found) {
      count += mark;
    }
    int[] merged = new int[count];
    for (int i = 0, m = 0; i < found.length; i++) {
      if (found[i] != 0) {
        merged[m++] = i;
      }
    }
    return merged;
  }

  private void set(int h) {
    bits[h >>> 6] |= 1L << h;
  }
}
