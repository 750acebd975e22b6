package io.palisade.engine.template;

import java.io.IOException;
import java.io.Reader;

/**
 * A template source read ahead so that it can be checked before the engine parses it, then handed to
 * the engine in its place: it replays what was read and goes on with the original reader (beyond
 * {@link #MAX_CHARS}, or after a read failure, which the engine then meets itself). Closing it closes
 * the original.
 */
public final class TemplateSourceReader extends Reader {
  /** Sources longer than this are checked on their first 1 Mi characters only. */
  static final int MAX_CHARS = 1 << 20;

  private final String text;
  private final Reader rest;
  private int position;

  private TemplateSourceReader(String text, Reader rest) {
    this.text = text;
    this.rest = rest;
  }

  /** Reads {@code source} up to its end, {@link #MAX_CHARS} or a read failure, whichever comes first. */
  public static TemplateSourceReader read(Reader source) {
    StringBuilder text = new StringBuilder();
    char[] buffer = new char[4096];
    try {
      int count;
      while (text.length() < MAX_CHARS
          && (count = source.read(buffer, 0, Math.min(buffer.length, MAX_CHARS - text.length()))) >= 0) {
        text.append(buffer, 0, count);
      }
    } catch (IOException | RuntimeException failure) {
      // The rest stays with the original reader; the engine meets the failure when it reads on.
    }
    return new TemplateSourceReader(text.toString(), source);
  }

  /** What was read ahead: the whole source unless it was longer than the limit or failed. */
  public String text() {
    return text;
  }

  @Override
  public int read(char[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (position < text.length()) {
      int count = Math.min(length, text.length() - position);
      text.getChars(position, position + count, buffer, offset);
      position += count;
      return count;
    }
    return rest.read(buffer, offset, length);
  }

  @Override
  public void close() throws IOException {
    rest.close();
  }
}
