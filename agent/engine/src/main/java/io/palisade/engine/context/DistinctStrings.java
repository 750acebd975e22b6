package io.palisade.engine.context;

/**
 * A set of strings for one request's inputs: open addressing in one array, so adding a value
 * allocates nothing (a {@code HashSet} allocates an entry per value, and a request carries dozens).
 * Not thread-safe: one collection runs under the request context's lock.
 */
final class DistinctStrings {
  private String[] table = new String[32];
  private int size;

  /** Adds {@code value}; false when an equal string is already in the set. */
  boolean add(String value) {
    String[] slots = table;
    int mask = slots.length - 1;
    for (int i = spread(value.hashCode()) & mask; ; i = (i + 1) & mask) {
      String present = slots[i];
      if (present == null) {
        slots[i] = value;
        if (++size * 2 > slots.length) {
          grow();
        }
        return true;
      }
      if (present.equals(value)) {
        return false;
      }
    }
  }

  /**
   * The string of the set equal to {@code text} from {@code start} to {@code end}, or null: lets a
   * scanner skip allocating a value it has seen already (every item of a JSON array repeats its keys).
   */
  String find(String text, int start, int end) {
    int hash = 0; // what String.hashCode() gives for the region
    for (int i = start; i < end; i++) {
      hash = 31 * hash + text.charAt(i);
    }
    String[] slots = table;
    int mask = slots.length - 1;
    int length = end - start;
    for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
      String present = slots[i];
      if (present == null) {
        return null;
      }
      if (present.length() == length && text.regionMatches(start, present, 0, length)) {
        return present;
      }
    }
  }

  int size() {
    return size;
  }

  private void grow() {
    String[] old = table;
    String[] slots = new String[old.length * 2];
    int mask = slots.length - 1;
    for (String value : old) {
      if (value != null) {
        int i = spread(value.hashCode()) & mask;
        while (slots[i] != null) {
          i = (i + 1) & mask;
        }
        slots[i] = value;
      }
    }
    table = slots;
  }

  /** Strings that differ in their last characters only (ids, counters) hash to neighbours: mix. */
  private static int spread(int hash) {
    int h = hash * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
