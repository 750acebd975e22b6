package io.palisade.engine.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ApiKeysAndRateLimiterTest {

  @Test
  void matchesKeysByTheirHashOnly() {
    ApiKeys keys = new ApiKeys().add(ApiKeys.hashHex("s3cr3t-ci-key"), "ci").add(ApiKeys.hashHex("partner-key").toUpperCase(), null);
    assertThat(keys.match("s3cr3t-ci-key")).isEqualTo("ci");
    assertThat(keys.match("partner-key")).startsWith("sha256:").hasSize(19);
    assertThat(keys.match("s3cr3t-ci-kez")).isNull();
    assertThat(keys.match("s3cr3t-ci-key ")).isNull();
    assertThat(keys.match(ApiKeys.hashHex("s3cr3t-ci-key"))).as("the hash itself is not a key").isNull();
    assertThat(keys.match("")).isNull();
    assertThat(keys.match(null)).isNull();
  }

  @Test
  void knownSha256() {
    assertThat(ApiKeys.hashHex("password")).isEqualTo("5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8");
  }

  @Test
  void refusesAKeyInClearWhereAHashBelongs() {
    assertThatThrownBy(() -> new ApiKeys().add("my-api-key", "x")).hasMessageContaining("64 hex digits");
  }

  @Test
  void aBurstTripsTheLimitAndTheBucketRefills() {
    AtomicLong clock = new AtomicLong(1_000_000_000L);
    RateLimiter limiter = new RateLimiter(6, 60, 3, 1000, clock::get); // one token every 10 s, 3 at once
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.acquire("203.0.113.7")).isZero();
    }
    assertThat(limiter.acquire("203.0.113.7")).isEqualTo(10);
    assertThat(limiter.acquire("198.51.100.1")).as("another client has its own bucket").isZero();
    clock.addAndGet(TimeUnit.SECONDS.toNanos(4));
    assertThat(limiter.acquire("203.0.113.7")).isEqualTo(6);
    clock.addAndGet(TimeUnit.SECONDS.toNanos(6));
    assertThat(limiter.acquire("203.0.113.7")).as("one token refilled").isZero();
    assertThat(limiter.acquire("203.0.113.7")).isPositive();
    clock.addAndGet(TimeUnit.MINUTES.toNanos(5));
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.acquire("203.0.113.7")).as("refilled to the burst, not beyond").isZero();
    }
    assertThat(limiter.acquire("203.0.113.7")).isPositive();
  }

  @Test
  void keepsAtMostMaxClientsBuckets() {
    AtomicLong clock = new AtomicLong();
    RateLimiter limiter = new RateLimiter(1, 60, 1, 6400, clock::get);
    for (int i = 0; i < 100_000; i++) {
      limiter.acquire("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
    }
    assertThat(limiter.trackedClients()).isLessThanOrEqualTo(6400).isGreaterThan(6000);
    // The most recent client is still tracked (its bucket is empty); the oldest was forgotten.
    assertThat(limiter.acquire("10.1.134.159")).isPositive();
    assertThat(limiter.acquire("10.0.0.0")).isZero();
    RateLimiter tiny = new RateLimiter(1, 60, 1, 5, clock::get);
    for (int i = 0; i < 100; i++) {
      tiny.acquire("client-" + i);
    }
    assertThat(tiny.trackedClients()).isEqualTo(5);
    RateLimiter uneven = new RateLimiter(1, 60, 1, 10_000, clock::get);
    for (int i = 0; i < 100_000; i++) {
      uneven.acquire("client-" + i);
    }
    assertThat(uneven.trackedClients()).isLessThanOrEqualTo(10_000);
  }
}
