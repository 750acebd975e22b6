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

  /** Where released text goes: the real writer. */
  public interface Output {
    /**
     * {@code length} characters of {@code text} from {@code offset} are checked and go out. The
     * array is the matcher's own buffer: use it before returning, never keep it.
     */
    void write(char[] text, int offset, int length);
  }

  /** Where released bytes go: the real stream. */
  public interface ByteOutput {
    /** As {@link Output#write}, for bytes. */
    void write(byte[] bytes, int offset, int length);
  }

  private final ActiveValue[] values;
  private final int[] nextStart;
  private final int holdBack;
  private final Listener listener;
  private final HeldText pending;
  private final HtmlContext context = new HtmlContext();
  /** How much of {@code pending} the context has followed. */
  private int contextPosition;
  private long released;

  /** A matcher over characters: a writer's page. */
  public ReflectionMatcher(List<ActiveValue> activeValues, Listener listener, Output output) {
    this.values = activeValues.toArray(new ActiveValue[0]);
    this.nextStart = new int[values.length];
    this.holdBack = longest(values) - 1;
    this.listener = listener;
    this.pending = new HeldChars(values, holdBack, output);
  }

  private ReflectionMatcher(ActiveValue[] values, Listener listener, ByteOutput output) {
    this.values = values;
    this.nextStart = new int[values.length];
    this.holdBack = longest(values) - 1;
    this.listener = listener;
    this.pending = new HeldBytes(values, holdBack, output);
  }

  /**
   * A matcher over a byte stream's page, matched as ISO-8859-1 characters without being decoded:
   * each value's {@code text} must be its encoded bytes, one ISO-8859-1 character per byte.
   */
  public static ReflectionMatcher overBytes(List<ActiveValue> activeValues, Listener listener, ByteOutput output) {
    return new ReflectionMatcher(activeValues.toArray(new ActiveValue[0]), listener, output);
  }

  private static int longest(ActiveValue[] values) {
    int longest = 1;
    for (ActiveValue value : values) {
      longest = Math.max(longest, value.text().length());
    }
    return longest;
  }

  /** The most characters this matcher ever holds back between writes. */
  public int holdBack() {
    return holdBack;
  }

  /** Characters handed to the output so far. */
  public long released() {
    return released;
  }

  /** Characters of {@code text} from {@code from} to {@code to} (for a byte matcher: ISO-8859-1 characters). */
  public void write(CharSequence text, int from, int to) {
    if (from < to) {
      pending.append(text, from, to);
      scan(false);
    }
  }

  /** {@code count} characters of {@code text} from {@code offset}. */
  public void write(char[] text, int offset, int count) {
    if (count > 0) {
      pending.append(text, offset, count);
      scan(false);
    }
  }

  /** {@code count} bytes from {@code offset}, one ISO-8859-1 character each. */
  public void write(byte[] bytes, int offset, int count) {
    if (count > 0) {
      pending.append(bytes, offset, count);
      scan(false);
    }
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
    return pending.length;
  }

  private void scan(boolean last) {
    while (true) {
      int matchAt = -1;
      int matchValue = -1;
      for (int i = 0; i < values.length; i++) {
        int valueLength = values[i].text().length();
        if (nextStart[i] > pending.length - valueLength) {
          continue;
        }
        int at = pending.indexOf(i, nextStart[i]);
        if (at < 0) {
          nextStart[i] = Math.max(nextStart[i], pending.length - valueLength + 1);
        } else if (matchAt < 0 || at < matchAt) {
          matchAt = at;
          matchValue = i;
        }
      }
      if (matchAt < 0 || !last && mayStillOccurBefore(matchAt)) {
        break; // in the second case the next write tells: the match waits in the held tail
      }
      handle(matchAt, values[matchValue], matchValue);
    }
    int releasable = last ? pending.length : pending.length - holdBack;
    if (releasable <= 0) {
      return;
    }
    if (contextPosition < releasable) {
      pending.follow(context, contextPosition, releasable);
      contextPosition = releasable;
    }
    pending.release(releasable);
    released += releasable;
    contextPosition -= releasable;
    for (int i = 0; i < nextStart.length; i++) {
      nextStart[i] = Math.max(0, nextStart[i] - releasable);
    }
  }

  /**
   * Whether some value has begun before {@code at} in the held tail without ending yet: a value
   * inside a longer one completes first, and judging it now would move the HTML context past the
   * start of the longer one, which would then be judged where the shorter one stands (or, escaped,
   * no longer match at all).
   */
  private boolean mayStillOccurBefore(int at) {
    for (int i = 0; i < values.length; i++) {
      if (pending.incompleteStart(i, nextStart[i], at) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** Up to 60 characters of output before the occurrence and 20 after, as far as still held. */
  private CharSequence excerpt(int at, int end) {
    return pending.text(Math.max(0, at - 60), Math.min(pending.length, end + 20));
  }

  private void handle(int at, ActiveValue value, int valueIndex) {
    pending.follow(context, contextPosition, at);
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
