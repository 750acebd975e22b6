package io.palisade.engine;

import io.palisade.engine.instrumentation.AgentInstaller;
import java.lang.instrument.Instrumentation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Installs the instrumentation on a thread of its own while the starter reads the policy, and hands
 * back how long it took. A failure surfaces in {@link #awaitMillis()}, on the starter's thread, exactly
 * as if the installation had run there.
 */
final class InstrumentationStart {
  private final CompletableFuture<Long> millis = new CompletableFuture<>();

  private InstrumentationStart() {}

  static InstrumentationStart begin(Instrumentation instrumentation, boolean lateAttach) {
    InstrumentationStart start = new InstrumentationStart();
    Thread thread = new Thread(() -> start.run(instrumentation, lateAttach), "palisade-instrument");
    thread.setDaemon(true);
    thread.start();
    return start;
  }

  private void run(Instrumentation instrumentation, boolean lateAttach) {
    long startNanos = System.nanoTime();
    try {
      new AgentInstaller().install(instrumentation, lateAttach);
      millis.complete((System.nanoTime() - startNanos) / 1_000_000);
    } catch (Throwable failure) {
      millis.completeExceptionally(failure);
    }
  }

  /** Waits for the installation; rethrows its failure unchanged (unchecked) or wrapped (checked). */
  long awaitMillis() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return millis.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException) {
            throw (RuntimeException) cause;
          }
          if (cause instanceof Error) {
            throw (Error) cause;
          }
          throw new IllegalStateException("instrumentation failed to install", cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
