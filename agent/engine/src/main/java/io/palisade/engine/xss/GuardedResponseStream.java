package io.palisade.engine.xss;

import io.palisade.detector.xss.ActiveValue;
import io.palisade.detector.xss.ReflectionMatcher;
import io.palisade.engine.context.ResponseGuard;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;
import java.util.List;

/**
 * The check of a page the application writes as bytes to {@code getOutputStream()}. The container's
 * stream is not replaced (its class extends the application's servlet API, which the agent cannot
 * subclass); its write methods offer their bytes here first and skip their own body when this guard
 * took them. The bytes are matched as they are, one ISO-8859-1 character per byte, against the active
 * values encoded in the response's charset: the page is never decoded, re-encoded or held, and a
 * character split across two writes needs nothing special. Released bytes go back to the same stream,
 * through its write methods, while {@code busy} lets them pass.
 */
final class GuardedResponseStream implements ResponseGuard {
  private static final byte[] ASCII_MARKUP = "<>\"'&=/ -!?azAZ09".getBytes(StandardCharsets.US_ASCII);

  private final OutputStream target;
  private final ResponseReflections reflections;
  private ReflectionMatcher matcher;
  private boolean decided;
  /** The guard is at work: what reaches the stream now (released bytes, the block response) passes. */
  private boolean busy;

  GuardedResponseStream(OutputStream target, ResponseReflections reflections) {
    this.target = target;
    this.reflections = reflections;
  }

  @Override
  public Object guarded() {
    return target;
  }

  @Override
  public Object target() {
    return target;
  }

  /**
   * The application writes {@code length} bytes. True when the guard took them (checked, held back
   * or released, or dropped after a block): the container's write must then not run.
   */
  boolean write(byte[] bytes, int offset, int length) {
    if (busy) {
      return false;
    }
    if (reflections.context().isBlocked()) {
      return true; // the block response has replaced the page: nothing more goes out
    }
    ReflectionMatcher current = matcher();
    if (current == null || length <= 0) {
      return false;
    }
    return run(() -> current.write(bytes, offset, length));
  }

  /** {@code write(int)}: one byte. */
  boolean write(int b) {
    if (busy || (!reflections.context().isBlocked() && matcher() == null)) {
      return false; // binary and inert pages: no array for the byte
    }
    return write(new byte[] {(byte) b}, 0, 1);
  }

  /** {@code write(ByteBuffer)} (Servlet 6.1): the bytes are consumed as the container would. */
  boolean write(ByteBuffer buffer) {
    if (busy || buffer == null || (!reflections.context().isBlocked() && matcher() == null)) {
      return false;
    }
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    boolean taken = write(bytes, 0, bytes.length);
    if (taken) {
      buffer.position(buffer.limit());
    }
    return taken;
  }

  /** {@code flush()} or {@code close()} of the stream, before the container's own. */
  void flushing(boolean close) {
    if (busy || matcher == null || reflections.context().isBlocked()) {
      return;
    }
    ReflectionMatcher current = matcher;
    run(close ? current::finish : current::flush);
  }

  @Override
  public void finish() {
    flushing(true);
  }

  /**
   * Runs a matcher step; a failure of the container's stream (the client went away) ends the check,
   * so the container's own write runs and reports it to the application.
   */
  private boolean run(Runnable step) {
    // Everything the stream is given meanwhile comes from the guard: released bytes, or the block
    // response the finding reporter writes while the offending bytes are still held back.
    busy = true;
    try {
      step.run();
      return true;
    } catch (UncheckedIOException clientGone) {
      matcher = null;
      return false;
    } finally {
      busy = false;
    }
  }

  private ReflectionMatcher matcher() {
    if (!decided) {
      decided = true;
      Charset charset = asciiCompatible(reflections.context().access().response().characterEncoding(reflections.context().response()));
      List<ActiveValue> active = charset == null ? List.of() : reflections.activeValues(charset);
      if (!active.isEmpty()) {
        matcher = ReflectionMatcher.overBytes(active, reflections, this::release);
      }
    }
    return matcher;
  }

  /** Hands checked bytes to the container's stream. */
  private void release(byte[] bytes, int offset, int length) {
    try {
      target.write(bytes, offset, length);
    } catch (IOException clientGone) {
      throw new UncheckedIOException(clientGone);
    }
  }

  /**
   * The response's charset when its markup characters are the same single bytes as in ASCII (UTF-8,
   * ISO-8859-x, windows-125x...), which the byte matcher needs; null for UTF-16 and the like, whose
   * pages are not checked. No charset set: UTF-8.
   */
  static Charset asciiCompatible(String encoding) {
    Charset charset;
    try {
      charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding.trim());
    } catch (IllegalCharsetNameException | UnsupportedCharsetException unknown) {
      return null;
    }
    if (!charset.canEncode()) {
      return null;
    }
    return Arrays.equals(new String(ASCII_MARKUP, StandardCharsets.US_ASCII).getBytes(charset), ASCII_MARKUP) ? charset : null;
  }
}
