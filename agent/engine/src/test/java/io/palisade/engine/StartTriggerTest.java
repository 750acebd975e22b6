package io.palisade.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When the background policy load begins, on a simulated clock and process CPU time. */
class StartTriggerTest {
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(StartTrigger.POLL_MILLIS);

  /** A clock that advances one poll per reading, and a machine with {@code idle} processors idle. */
  private static final class SimulatedMachine {
    final AtomicLong now = new AtomicLong();
    final AtomicLong idleTime = new AtomicLong();
    volatile double idle;

    long clock() {
      return now.addAndGet(POLL_NANOS);
    }

    long idleNanos() {
      return idleTime.addAndGet((long) (idle * POLL_NANOS));
    }
  }

  @Test
  void waitsWhileTwoProcessorsAreBusyAndStartsOnceOneIsIdle() throws Exception {
    SimulatedMachine machine = new SimulatedMachine();
    machine.idle = 0.1;
    StartTrigger trigger = new StartTrigger(machine::idleNanos, machine::clock, 2, 60_000);
    CompletableFuture<String> why = CompletableFuture.supplyAsync(() -> await(trigger));

    Thread.sleep(4 * StartTrigger.POLL_MILLIS);
    assertThat(why).isNotDone();
    machine.idle = 1.7;

    assertThat(why.get(10, TimeUnit.SECONDS)).isEqualTo("idle");
  }

  @Test
  void startsAtOnceWhenAHookNeedsTheEngine() throws Exception {
    SimulatedMachine machine = new SimulatedMachine();
    machine.idle = 0.0;
    StartTrigger trigger = new StartTrigger(machine::idleNanos, machine::clock, 2, 60_000);
    CompletableFuture<String> why = CompletableFuture.supplyAsync(() -> await(trigger));

    trigger.needed();

    assertThat(why.get(10, TimeUnit.SECONDS)).isEqualTo("needed");
  }

  @Test
  void startsAtTheDeadlineWhenTheProcessNeverIdles() throws Exception {
    SimulatedMachine machine = new SimulatedMachine();
    machine.idle = 0.0;
    StartTrigger trigger = new StartTrigger(machine::idleNanos, machine::clock, 2, 3 * StartTrigger.POLL_MILLIS);

    assertThat(await(trigger)).isEqualTo("deadline");
  }

  @Test
  void readsTheMachinesIdleTimeWhereTheSystemReportsIt() {
    // Linux: /proc/stat; elsewhere the trigger falls back to this process's own CPU time.
    if (new java.io.File("/proc/stat").canRead()) {
      assertThat(StartTrigger.systemIdleNanos()).isPositive();
    }
  }

  @Test
  void doesNotWaitWhereIdleTimeCannotBeRead() {
    StartTrigger trigger = new StartTrigger(() -> -1L, System::nanoTime, 2, 60_000);

    assertThat(await(trigger)).isEqualTo("unmeasured");
  }

  @Test
  void onAMachineWithSpareProcessorsTheLoadStartsAfterTheFirstPolls() {
    SimulatedMachine machine = new SimulatedMachine();
    machine.idle = 6.1;
    StartTrigger trigger = new StartTrigger(machine::idleNanos, machine::clock, 8, 60_000);

    assertThat(await(trigger)).isEqualTo("idle");
  }

  private static String await(StartTrigger trigger) {
    try {
      return trigger.awaitStart();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
