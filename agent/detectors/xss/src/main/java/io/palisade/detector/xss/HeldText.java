package io.palisade.detector.xss;

/**
 * What a {@link ReflectionMatcher} holds: the tail of earlier writes a match may still start in,
 * followed by the current write, in a plain array so that searching and tokenizing read it without
 * a call per character. {@link HeldChars} holds a writer's characters, {@link HeldBytes} a stream's
 * bytes as they are; the matcher's logic is the same over both.
 */
abstract class HeldText {
  /** How many characters (or bytes) are held. */
  int length;

  abstract void append(CharSequence text, int from, int to);

  abstract void append(char[] text, int offset, int count);

  abstract void append(byte[] bytes, int offset, int count);

  /** Where value {@code value} (by its index in the matcher's list) next occurs from {@code from}, or -1. */
  abstract int indexOf(int value, int from);

  /**
   * The first position from {@code from} and before {@code before} where value {@code value} begins
   * but the held text ends first (an occurrence the next write may complete), or -1.
   */
  abstract int incompleteStart(int value, int from, int before);

  /** Has {@code context} follow the held text from {@code from} to {@code to}. */
  abstract void follow(HtmlContext context, int from, int to);

  /** Puts {@code replacement} (ASCII) in place of {@code [at, end)}. */
  abstract void replace(int at, int end, String replacement);

  /** The held text from {@code from} to {@code to}, as the characters (or ISO-8859-1 bytes) it is. */
  abstract String text(int from, int to);

  /** Hands the first {@code count} to the output and keeps the rest. */
  abstract void release(int count);

  /** The first occurrence of {@code value} in {@code held[from..length)}, comparing the first element first. */
  static int indexOf(char[] held, int length, char[] value, int from) {
    char first = value[0];
    int lastStart = length - value.length;
    for (int at = from; at <= lastStart; at++) {
      if (held[at] == first && startsAt(held, at, value)) {
        return at;
      }
    }
    return -1;
  }

  private static boolean startsAt(char[] held, int at, char[] value) {
    for (int i = 1; i < value.length; i++) {
      if (held[at + i] != value[i]) {
        return false;
      }
    }
    return true;
  }

  static int indexOf(byte[] held, int length, byte[] value, int from) {
    byte first = value[0];
    int lastStart = length - value.length;
    for (int at = from; at <= lastStart; at++) {
      if (held[at] == first && startsAt(held, at, value)) {
        return at;
      }
    }
    return -1;
  }

  private static boolean startsAt(byte[] held, int at, byte[] value) {
    for (int i = 1; i < value.length; i++) {
      if (held[at + i] != value[i]) {
        return false;
      }
    }
    return true;
  }

  static int incompleteStart(char[] held, int length, char[] value, int from, int before) {
    for (int at = Math.max(from, length - value.length + 1); at < before; at++) {
      if (held[at] == value[0] && endsWithPrefix(held, at, length, value)) {
        return at;
      }
    }
    return -1;
  }

  /** Whether {@code held[at..length)} is the start of {@code value}. */
  private static boolean endsWithPrefix(char[] held, int at, int length, char[] value) {
    for (int i = at + 1; i < length; i++) {
      if (held[i] != value[i - at]) {
        return false;
      }
    }
    return true;
  }

  static int incompleteStart(byte[] held, int length, byte[] value, int from, int before) {
    for (int at = Math.max(from, length - value.length + 1); at < before; at++) {
      if (held[at] == value[0] && endsWithPrefix(held, at, length, value)) {
        return at;
      }
    }
    return -1;
  }

  private static boolean endsWithPrefix(byte[] held, int at, int length, byte[] value) {
    for (int i = at + 1; i < length; i++) {
      if (held[i] != value[i - at]) {
        return false;
      }
    }
    return true;
  }

  /** Room for {@code needed} elements: at least double, so appends stay amortized constant. */
  static int grownCapacity(int current, int needed) {
    return Math.max(needed, 2 * current);
  }
}
