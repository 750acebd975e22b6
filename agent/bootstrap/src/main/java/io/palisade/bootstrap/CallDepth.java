package io.palisade.bootstrap;

/**
 * A per-thread counter of nested calls into one kind of sink. Wrappers (connection pools, Spring
 * templates, drivers delegating to themselves) call the same sink several times for one operation;
 * only the outermost call is checked.
 */
public final class CallDepth {
  private final ThreadLocal<int[]> depth =
      new ThreadLocal<int[]>() {
        @Override
        protected int[] initialValue() {
          return new int[1];
        }
      };

  /** Enters one level and returns the new depth: 1 for the outermost call. */
  public int increment() {
    return ++depth.get()[0];
  }

  public void decrement() {
    int[] counter = depth.get();
    if (counter[0] > 0) {
      counter[0]--;
    }
  }

  public int current() {
    return depth.get()[0];
  }
}
