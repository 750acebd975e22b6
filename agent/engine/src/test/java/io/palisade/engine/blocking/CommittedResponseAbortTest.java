package io.palisade.engine.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.server.HttpServerExchange;
import org.junit.jupiter.api.Test;

class CommittedResponseAbortTest {
  /** Shaped like Undertow's HttpServletRequestImpl: a public getExchange(). */
  public static final class UndertowLikeRequest {
    final HttpServerExchange exchange = new HttpServerExchange();

    public HttpServerExchange getExchange() {
      return exchange;
    }
  }

  /** A request of another container with an unrelated getExchange(): never touched. */
  public static final class OtherRequest {
    boolean called;

    public Object getExchange() {
      called = true;
      return new HttpServerExchange();
    }
  }

  @Test
  void closesUndertowsConnectionSoTheCommittedResponseIsNotCompleted() throws Exception {
    UndertowLikeRequest request = new UndertowLikeRequest();

    assertThat(CommittedResponseAbort.abortIfNeeded(request)).isTrue();

    assertThat(request.exchange.getConnection().closed).isTrue();
  }

  @Test
  void leavesOtherContainersToAbortByThemselves() throws Exception {
    OtherRequest other = new OtherRequest();

    assertThat(CommittedResponseAbort.abortIfNeeded(other)).isFalse();
    assertThat(CommittedResponseAbort.abortIfNeeded(new Object())).isFalse();
    assertThat(CommittedResponseAbort.abortIfNeeded(null)).isFalse();
    assertThat(other.called).isFalse();
  }
}
