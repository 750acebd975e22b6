package io.palisade.it;

import java.time.Duration;
import java.util.function.Supplier;

/** Polling with a deadline: the only way these tests wait for something another process does. */
final class Polling {
  static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(15);

  private Polling() {}

  /** Polls until the supplier returns non-null, or fails with the message after the deadline. */
  static <T> T until(Supplier<T> probe, Duration deadline, Supplier<String> failure) {
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      if (System.nanoTime() > end) {
        throw new AssertionError(failure.get());
      }
      pause();
    }
  }

  /** The interval between two probes of a poll (not a synchronisation by itself). */
  static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while polling", e);
    }
  }
}
