package io.palisade.engine.context;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;

/**
 * A bounded copy of what the application read of the request body: bytes from the input stream, or
 * characters from a container reader that decodes by itself. Beyond the limit nothing more is kept
 * (the application still reads everything); values cut by the limit are simply not seen.
 */
final class RequestBody {
  private final int limit;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final StringBuilder chars = new StringBuilder();
  private long seen;
  private boolean truncated;

  RequestBody(int limit) {
    this.limit = limit;
  }

  synchronized void appendBytes(byte[] buffer, int offset, int count) {
    seen += count;
    int room = limit - bytes.size() - chars.length();
    if (room <= 0) {
      truncated = true;
      return;
    }
    int kept = Math.min(room, count);
    bytes.write(buffer, offset, kept);
    truncated |= kept < count;
  }

  synchronized void appendChars(String text) {
    seen += text.length();
    int room = limit - bytes.size() - chars.length();
    if (room <= 0) {
      truncated = true;
      return;
    }
    int kept = Math.min(room, text.length());
    chars.append(text, 0, kept);
    truncated |= kept < text.length();
  }

  /** How much the application has read so far (kept or not): grows whenever there is news. */
  synchronized long seen() {
    return seen;
  }

  synchronized boolean truncated() {
    return truncated;
  }

  /** The kept body as text: the reader's characters, or the bytes decoded with {@code charset}. */
  synchronized String text(Charset charset) {
    if (chars.length() > 0) {
      return chars.toString();
    }
    return bytes.toString(charset); // decodes the buffer in place, no copy of the bytes first
  }
}
