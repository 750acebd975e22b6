package io.palisade.detector.xss;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A byte stream's held bytes, searched and tokenized as they are: the values are looked for as
 * their encoded bytes, and released bytes go out without a round trip through characters.
 */
final class HeldBytes extends HeldText {
  private final byte[][] values;
  private final ReflectionMatcher.ByteOutput output;
  private byte[] held;

  /** {@code activeValues}: each value's encoded bytes as ISO-8859-1 characters. */
  HeldBytes(ActiveValue[] activeValues, int holdBack, ReflectionMatcher.ByteOutput output) {
    this.values = new byte[activeValues.length][];
    for (int i = 0; i < activeValues.length; i++) {
      values[i] = activeValues[i].text().getBytes(StandardCharsets.ISO_8859_1);
    }
    this.output = output;
    this.held = new byte[Math.max(256, 2 * holdBack)];
  }

  private int room(int count) {
    if (length + count > held.length) {
      held = Arrays.copyOf(held, grownCapacity(held.length, length + count));
    }
    int at = length;
    length += count;
    return at;
  }

  /** Characters up to U+00FF, one byte each (what a byte stream's matcher is handed as text). */
  @Override
  void append(CharSequence text, int from, int to) {
    int at = room(to - from);
    for (int i = from; i < to; i++) {
      held[at++] = (byte) text.charAt(i);
    }
  }

  @Override
  void append(char[] text, int offset, int count) {
    int at = room(count);
    for (int i = 0; i < count; i++) {
      held[at + i] = (byte) text[offset + i];
    }
  }

  @Override
  void append(byte[] bytes, int offset, int count) {
    int at = room(count); // before reading held: room() may replace it
    System.arraycopy(bytes, offset, held, at, count);
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
    for (int i = 0; i < replacement.length(); i++) {
      held[at + i] = (byte) replacement.charAt(i);
    }
  }

  @Override
  String text(int from, int to) {
    return new String(held, from, to - from, StandardCharsets.ISO_8859_1);
  }

  @Override
  void release(int count) {
    output.write(held, 0, count);
    length -= count;
    System.arraycopy(held, count, held, 0, length);
  }
}
