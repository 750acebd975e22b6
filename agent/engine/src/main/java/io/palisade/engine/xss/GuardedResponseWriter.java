package io.palisade.engine.xss;

import io.palisade.detector.xss.ActiveValue;
import io.palisade.detector.xss.ReflectionMatcher;
import io.palisade.engine.context.ResponseGuard;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;

/**
 * The writer the application gets from {@code getWriter()} of an HTML response. Every
 * {@code PrintWriter} method (print, println, format, append, write) ends in the private
 * {@link Checked} writer below, which passes the text through the {@link ReflectionMatcher} to the
 * container's writer: at most the longest active value is held back, and a response with nothing to
 * look for is passed straight through.
 */
final class GuardedResponseWriter extends PrintWriter implements ResponseGuard {
  private final PrintWriter target;

  GuardedResponseWriter(PrintWriter target, ResponseReflections reflections) {
    super(new Checked(target, reflections), false);
    this.target = target;
  }

  @Override
  public Object guarded() {
    return this;
  }

  @Override
  public Object target() {
    return target;
  }

  @Override
  public void finish() {
    ((Checked) out).finish();
  }

  /** Routes the characters through the matcher; decides at the first write whether it needs to. */
  private static final class Checked extends Writer {
    private final PrintWriter target;
    private final ResponseReflections reflections;
    private ReflectionMatcher matcher;
    private boolean decided;

    Checked(PrintWriter target, ResponseReflections reflections) {
      this.target = target;
      this.reflections = reflections;
    }

    private ReflectionMatcher matcher() {
      if (!decided) {
        decided = true;
        List<ActiveValue> active = reflections.activeValues();
        if (!active.isEmpty()) {
          matcher = new ReflectionMatcher(active, reflections, target::write);
        }
      }
      return matcher;
    }

    @Override
    public void write(char[] buffer, int offset, int length) {
      if (reflections.context().isBlocked()) {
        return; // the block response has replaced the page: nothing more goes out
      }
      ReflectionMatcher current = matcher();
      if (current == null) {
        target.write(buffer, offset, length);
      } else {
        current.write(buffer, offset, length);
      }
    }

    @Override
    public void write(String text, int offset, int length) {
      if (reflections.context().isBlocked()) {
        return;
      }
      ReflectionMatcher current = matcher();
      if (current == null) {
        target.write(text, offset, length);
      } else {
        current.write(text, offset, offset + length);
      }
    }

    @Override
    public void write(int c) {
      write(String.valueOf((char) c), 0, 1);
    }

    @Override
    public void flush() {
      if (reflections.context().isBlocked()) {
        return;
      }
      if (matcher != null) {
        matcher.flush();
      }
      target.flush();
    }

    @Override
    public void close() {
      if (!reflections.context().isBlocked()) {
        finish();
      }
      target.close();
    }

    void finish() {
      if (matcher != null && !reflections.context().isBlocked()) {
        matcher.finish();
      }
    }
  }
}
