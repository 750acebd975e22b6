package io.palisade.detector.xss;

import java.util.List;

/**
 * Finds active request values in a response as it is written, chunk by chunk. It holds back at most
 * the longest value minus one character (a match may straddle two writes) and releases everything
 * before that to the real output at once, so a page is never held, let alone held twice. Each
 * occurrence is judged in the HTML context where it starts ({@link HtmlContext}, followed over the
 * released output); an active one is handed to the {@link Listener}, which decides to keep it
 * (monitor), to escape it (sanitize) or throws to block before it reaches the output.
 *
 * <p>Not thread-safe: one matcher per response, used by the thread that writes it.
 */
public final class ReflectionMatcher {
  /** What to do with an active occurrence. */
  public enum Action {
    KEEP,
    ESCAPE
  }

  /** Receives active occurrences; may throw to stop the output. */
  public interface Listener {
    /** {@code excerpt}: the output around the occurrence, for the audit event. */
    Action onActiveReflection(ActiveValue value, HtmlContext.Where where, String reason, CharSequence excerpt);
  }

  /** Where released text goes: the real writer or stream. */
  public interface Output {
    void write(CharSequence text, int from, int to);
  }

  private final ActiveValue[] values;
  private final int[] nextStart;
  private final int holdBack;
  private final Listener listener;
  private final Output output;
  private final StringBuilder pending = new StringBuilder();
  private final HtmlContext context = new HtmlContext();
  /** How much of {@code pending} the context has followed. */
  private int contextPosition;
  private long released;

  public ReflectionMatcher(List<ActiveValue> activeValues, Listener listener, Output output) {
    this.values = activeValues.toArray(new ActiveValue[0]);
    this.nextStart = new int[values.length];
    int longest = 1;
    for (ActiveValue value : values) {
      longest = Math.max(longest, value.text().length());
    }
    this.holdBack = longest - 1;
    this.listener = listener;
    this.output = output;
  }

  /** The most characters this matcher ever holds back between writes. */
  public int holdBack() {
    return holdBack;
  }

  /** Characters handed to the output so far. */
  public long released() {
    return released;
  }

  public void write(CharSequence text, int from, int to) {
    if (from >= to) {
      return;
    }
    pending.append(text, from, to);
    scan(false);
  }

  /** Releases everything but the tail a match may still start in. */
  public void flush() {
    scan(false);
  }

  /** The output ends: everything is checked and released. */
  public void finish() {
    scan(true);
  }

  /** How many characters are held back right now. */
  public int pendingLength() {
    return pending.length();
  }

  private void scan(boolean last) {
    while (true) {
      int matchAt = -1;
      int matchValue = -1;
      for (int i = 0; i < values.length; i++) {
        if (nextStart[i] > pending.length() - values[i].text().length()) {
          continue;
        }
        int at = pending.indexOf(values[i].text(), nextStart[i]);
        if (at < 0) {
          nextStart[i] = Math.max(nextStart[i], pending.length() - values[i].text().length() + 1);
        } else if (matchAt < 0 || at < matchAt) {
          matchAt = at;
          matchValue = i;
        }
      }
      if (matchAt < 0) {
        break;
      }
      handle(matchAt, values[matchValue], matchValue);
    }
    int releasable = last ? pending.length() : pending.length() - holdBack;
    if (releasable <= 0) {
      return;
    }
    if (contextPosition < releasable) {
      context.advance(pending, contextPosition, releasable);
      contextPosition = releasable;
    }
    output.write(pending, 0, releasable);
    released += releasable;
    pending.delete(0, releasable);
    contextPosition -= releasable;
    for (int i = 0; i < nextStart.length; i++) {
      nextStart[i] = Math.max(0, nextStart[i] - releasable);
    }
  }

  /** Up to 60 characters of output before the occurrence and 20 after, as far as still held. */
  private CharSequence excerpt(int at, int end) {
    return pending.substring(Math.max(0, at - 60), Math.min(pending.length(), end + 20));
  }

  private void handle(int at, ActiveValue value, int valueIndex) {
    context.advance(pending, contextPosition, at);
    contextPosition = at;
    int end = at + value.text().length();
    String reason = ReflectionRule.activeReason(value, context);
    if (reason == null
        || listener.onActiveReflection(value, context.where(), reason, excerpt(at, end)) != Action.ESCAPE) {
      nextStart[valueIndex] = at + 1;
      return;
    }
    String escaped = HtmlEscaping.escape(value.text());
    pending.replace(at, end, escaped);
    int delta = escaped.length() - value.text().length();
    int resume = at + escaped.length();
    for (int i = 0; i < nextStart.length; i++) {
      nextStart[i] = nextStart[i] > at ? Math.max(resume, nextStart[i] + delta) : resume;
    }
  }
}
