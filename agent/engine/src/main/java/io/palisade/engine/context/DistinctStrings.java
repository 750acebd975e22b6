package io.palisade.engine.context;

import java.util.Arrays;

/**
 * A set of strings for one request's inputs, which adds a value without allocating anything. Up to
 * {@link #LINEAR_LIMIT} values it is a plain list searched by length first: most requests carry a few
 * dozen values, freshly made by the container, and hashing each of them would read every character
 * while a search mostly compares two lengths. Beyond that it becomes an open-addressed hash table.
 * Not thread-safe: one collection runs under the request context's lock.
 */
final class DistinctStrings {
  static final int LINEAR_LIMIT = 32;

  /** The values in order while linear; the hash table's slots after. */
  private String[] strings = new String[LINEAR_LIMIT];
  private int size;
  private boolean hashed;

  /** Adds {@code value}; false when an equal string is already in the set. */
  boolean add(String value) {
    if (!hashed) {
      int length = value.length();
      for (int i = 0; i < size; i++) {
        String present = strings[i];
        if (present.length() == length && present.equals(value)) {
          return false;
        }
      }
      if (size < LINEAR_LIMIT) {
        strings[size++] = value;
        return true;
      }
      rehash(LINEAR_LIMIT * 4);
    }
    String[] slots = strings;
    int mask = slots.length - 1;
    for (int i = spread(value.hashCode()) & mask; ; i = (i + 1) & mask) {
      String present = slots[i];
      if (present == null) {
        slots[i] = value;
        if (++size * 2 > slots.length) {
          rehash(slots.length * 2);
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
    int length = end - start;
    if (!hashed) {
      for (int i = 0; i < size; i++) {
        String present = strings[i];
        if (present.length() == length && text.regionMatches(start, present, 0, length)) {
          return present;
        }
      }
      return null;
    }
    int hash = 0; // what String.hashCode() gives for the region
    for (int i = start; i < end; i++) {
      hash = 31 * hash + text.charAt(i);
    }
    String[] slots = strings;
    int mask = slots.length - 1;
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

  private void rehash(int capacity) {
    String[] old = hashed ? strings : Arrays.copyOf(strings, size);
    String[] slots = new String[capacity];
    int mask = capacity - 1;
    for (String value : old) {
      if (value != null) {
        int i = spread(value.hashCode()) & mask;
        while (slots[i] != null) {
          i = (i + 1) & mask;
        }
        slots[i] = value;
      }
    }
    strings = slots;
    hashed = true;
  }

  /** Strings that differ in their last characters only (ids, counters) hash to neighbours: mix. */
  private static int spread(int hash) {
    int h = hash * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
