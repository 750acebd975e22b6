package io.palisade.engine;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * When the policy starts loading at premain. Loading it (Jackson, the JSON Schema validator: a few
 * hundred milliseconds of CPU, most of it cold code and JIT work) while the application's start-up
 * keeps every processor busy only slows that start-up by as much. So the load waits until the
 * application needs the engine (a request's entry or an outbound call, which wait for it anyway), or
 * until a processor is idle (on a machine with more processors than the start-up keeps busy, that is
 * at once), or {@code palisade.start.delay.max.millis} (5 s) at the latest.
 */
final class StartTrigger {
  /** How often idle time is read while waiting. */
  static final long POLL_MILLIS = 100;
  /** Polls in a row that must find a processor idle: one quiet moment is not the end of a start-up. */
  static final int IDLE_POLLS = 2;

  private final CountDownLatch needed = new CountDownLatch(1);
  private final LongSupplier idleNanos;
  private final LongSupplier clockNanos;
  private final double idleProcessorsWanted;
  private final long maxDelayNanos;

  /**
   * @param idleNanos processor time left idle so far, summed over the processors (any origin), or a
   *     negative number when it cannot be read
   */
  StartTrigger(LongSupplier idleNanos, LongSupplier clockNanos, int processors, long maxDelayMillis) {
    this.idleNanos = idleNanos;
    this.clockNanos = clockNanos;
    this.idleProcessorsWanted = processors > 1 ? 1.0 : 0.5;
    this.maxDelayNanos = TimeUnit.MILLISECONDS.toNanos(maxDelayMillis);
  }

  /**
   * For this JVM: the machine's idle time where the system reports it ({@code /proc/stat}), otherwise
   * what this process leaves of its processors (which cannot tell idle from taken by other processes).
   */
  static StartTrigger forThisProcess() {
    int processors = Runtime.getRuntime().availableProcessors();
    LongSupplier idle = systemIdleNanos() >= 0 ? StartTrigger::systemIdleNanos : () -> processIdleNanos(processors);
    return new StartTrigger(idle, System::nanoTime, processors,
        Long.getLong("palisade.start.delay.max.millis", 5_000L));
  }

  /** Idle and I/O-wait time of all processors from the first line of /proc/stat (in 1/100 s), or -1. */
  static long systemIdleNanos() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(new FileInputStream("/proc/stat"), StandardCharsets.US_ASCII), 256)) {
      String line = in.readLine();
      if (line == null || !line.startsWith("cpu ")) {
        return -1;
      }
      String[] fields = line.trim().split("\\s+");
      return (Long.parseLong(fields[4]) + Long.parseLong(fields[5])) * 10_000_000L;
    } catch (IOException | RuntimeException unavailable) {
      return -1;
    }
  }

  private static long processIdleNanos(int processors) {
    long cpu = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    return cpu < 0 ? -1 : processors * System.nanoTime() - cpu;
  }

  /** Something needs the engine now: the load starts without waiting any longer. */
  void needed() {
    needed.countDown();
  }

  /**
   * Returns once the load should start.
   *
   * @return why: {@code needed}, {@code idle}, {@code deadline}, or {@code unmeasured} (idle time
   *     cannot be read here, so nothing is gained by waiting)
   */
  String awaitStart() throws InterruptedException {
    long start = clockNanos.getAsLong();
    long lastTime = start;
    long lastIdle = idleNanos.getAsLong();
    if (lastIdle < 0) {
      return "unmeasured";
    }
    int idlePolls = 0;
    while (true) {
      if (needed.await(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        return "needed";
      }
      long now = clockNanos.getAsLong();
      long idle = idleNanos.getAsLong();
      if (idle < 0) {
        return "unmeasured";
      }
      if (now - start >= maxDelayNanos) {
        return "deadline";
      }
      double idleProcessors = now > lastTime ? (double) (idle - lastIdle) / (now - lastTime) : 0;
      idlePolls = idleProcessors >= idleProcessorsWanted ? idlePolls + 1 : 0;
      if (idlePolls >= IDLE_POLLS) {
        return "idle";
      }
      lastTime = now;
      lastIdle = idle;
    }
  }
}
