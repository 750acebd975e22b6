package io.palisade.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.bootstrap.Bridge;
import io.palisade.bootstrap.EngineHooks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stand-in on the bridge while the policy loads: what waits for the engine, and what does not. */
class PendingEngineTest {
  private final PendingEngine pending = new PendingEngine();
  private final RecordingEngine engine = new RecordingEngine();

  @AfterEach
  void uninstall() {
    Bridge.install(null);
  }

  @Test
  void aRequestArrivingBeforeTheEngineWaitsForItAndIsEnteredByIt() throws Exception {
    Bridge.install(pending);
    CompletableFuture<Object> scope = new CompletableFuture<>();
    Thread request = new Thread(() -> scope.complete(Bridge.servletEnter("request", "response")));
    request.start();
    awaitWaiting(request);
    assertThat(scope).isNotDone();

    pending.started(engine);

    assertThat(scope.get(10, TimeUnit.SECONDS)).isEqualTo("scope of request");
    assertThat(engine.calls).containsExactly("requestEnter request");
    // From now on the bridge calls the engine itself.
    assertThat(Bridge.servletEnter("second", "response")).isEqualTo("scope of second");
  }

  @Test
  void anOutboundCallBeforeTheEngineWaitsSoEgressRulesApplyFromTheFirstCall() throws Exception {
    Bridge.install(pending);
    Thread call = new Thread(() -> Bridge.outboundEnter(new Object(), "http://169.254.169.254/", "test"));
    call.start();
    awaitWaiting(call);

    pending.started(engine);
    call.join(10_000);

    assertThat(engine.calls).containsExactly("checkOutbound http://169.254.169.254/");
  }

  @Test
  void hooksThatOnlyMatterInsideARequestDoNotWait() {
    Bridge.install(pending);
    // The calling thread would hang here if these waited: the engine is never started in this test.
    assertThat(Bridge.sqlEnter(new Object(), "SELECT 1", "executeQuery")).isTrue();
    Bridge.sqlExit(true);
    Bridge.servletParametersParsed("request");
    assertThat(Bridge.wrapTask(() -> {})).isNotNull();
    assertThat(engine.calls).isEmpty();
  }

  @Test
  void theThreadThatBuildsTheEngineNeverWaitsForItself() throws Exception {
    Bridge.install(pending);
    CompletableFuture<Object> scope = new CompletableFuture<>();
    Thread starter = new Thread(() -> scope.complete(Bridge.servletEnter("request", "response")));
    pending.startingThread(starter);
    starter.start();

    assertThat(scope.get(10, TimeUnit.SECONDS)).isNull();
  }

  @Test
  void whenTheEngineFailsToStartWaitingCallsGoOnAndTheBridgeIsEmptied() throws Exception {
    Bridge.install(pending);
    CompletableFuture<Object> scope = new CompletableFuture<>();
    Thread request = new Thread(() -> scope.complete(Bridge.servletEnter("request", "response")));
    request.start();
    awaitWaiting(request);

    pending.failed();

    assertThat(scope.get(10, TimeUnit.SECONDS)).isNull();
    assertThat(Bridge.isInstalled()).isFalse();
  }

  private static void awaitWaiting(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
      assertThat(System.nanoTime()).as("thread %s never waited", thread.getName()).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  /** An engine that records what reached it. */
  private static final class RecordingEngine extends EngineHooks {
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Object requestEnter(Object request, Object response) {
      calls.add("requestEnter " + request);
      return "scope of " + request;
    }

    @Override
    public void requestParametersParsed(Object request) {
      calls.add("requestParametersParsed");
    }

    @Override
    public void checkSql(Object jdbcObject, String sql, String method) {
      calls.add("checkSql " + sql);
    }

    @Override
    public void checkOutbound(Object connection, String url, String client) {
      calls.add("checkOutbound " + url);
    }

    @Override
    public void reportFailure(String where, Throwable failure) {
      calls.add("failure " + where);
    }
  }
}
