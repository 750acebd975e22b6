package io.palisade.detector.xss;

import java.util.Arrays;

/** A writer's held characters. */
final class HeldChars extends HeldText {
  private final char[][] values;
  private final ReflectionMatcher.Output output;
  private char[] held;

  HeldChars(ActiveValue[] activeValues, int holdBack, ReflectionMatcher.Output output) {
    this.values = new char[activeValues.length][];
    for (int i = 0; i < activeValues.length; i++) {
      values[i] = activeValues[i].text().toCharArray();
    }
    this.output = output;
    this.held = new char[Math.max(256, 2 * holdBack)];
  }

  private int room(int count) {
    if (length + count > held.length) {
      held = Arrays.copyOf(held, grownCapacity(held.length, length + count));
    }
    int at = length;
    length += count;
    return at;
  }

  @Override
  void append(CharSequence text, int from, int to) {
    int at = room(to - from);
    if (text instanceof String) {
      ((String) text).getChars(from, to, held, at);
    } else {
      for (int i = from; i < to; i++) {
        held[at++] = text.charAt(i);
      }
    }
  }

  @Override
  void append(char[] text, int offset, int count) {
    int at = room(count); // before reading held: room() may replace it
    System.arraycopy(text, offset, held, at, count);
  }

  /** Bytes as ISO-8859-1 characters. */
  @Override
  void append(byte[] bytes, int offset, int count) {
    int at = room(count);
    for (int i = 0; i < count; i++) {
      held[at + i] = (char) (bytes[offset + i] & 0xff);
    }
  }

  @Override
  int indexOf(int value, int from) {
    return indexOf(held, length, values[value], from);
  }

  @Override
  int incompleteStart(int value, int from, int before) {
    return incompleteStart(held, length, values[value], from, before);
  }

  @Override
  void follow(HtmlContext context, int from, int to) {
    context.advance(held, from, to);
  }

  @Override
  void replace(int at, int end, String replacement) {
    int delta = replacement.length() - (end - at);
    room(delta);
    System.arraycopy(held, end, held, end + delta, length - delta - end);
    replacement.getChars(0, replacement.length(), held, at);
  }

  @Override
  String text(int from, int to) {
    return new String(held, from, to - from);
  }

  @Override
  void release(int count) {
    output.write(held, 0, count);
    length -= count;
    System.arraycopy(held, count, held, 0, length);
  }
}
