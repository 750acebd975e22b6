package io.palisade.benchmarks.load;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Closed-loop load: {@code concurrency} clients, each sending the mix in rotation and waiting for each
 * answer before the next request, over keep-alive connections. Records every latency, so percentiles
 * are exact rather than bucketed.
 */
final class LoadDriver {
  private final String base;
  private final List<RequestMix.Entry> mix;
  private final AtomicLong staleConnectionRetries = new AtomicLong();
  private final int concurrency;

  LoadDriver(String base, List<RequestMix.Entry> mix, int concurrency) {
    this.base = base;
    this.mix = mix;
    this.concurrency = concurrency;
  }

  /** Latencies in nanoseconds of every request completed within {@code duration}, sorted. */
  long[] run(Duration duration) throws InterruptedException, IOException {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    List<HttpRequest> requests = new ArrayList<>();
    for (RequestMix.Entry entry : mix) {
      requests.add(entry.build(base));
    }
    long end = System.nanoTime() + duration.toNanos();
    AtomicReference<String> failure = new AtomicReference<>();
    long[][] samples = new long[concurrency][];
    int[] counts = new int[concurrency];
    Thread[] workers = new Thread[concurrency];
    for (int w = 0; w < concurrency; w++) {
      final int worker = w;
      workers[w] = new Thread(() -> {
        long[] mine = new long[1 << 16];
        int n = 0;
        int next = worker; // clients start at different points of the rotation
        while (failure.get() == null && System.nanoTime() < end) {
          int i = next++ % requests.size();
          long start = System.nanoTime();
          try {
            HttpResponse<byte[]> response = send(client, requests.get(i));
            long took = System.nanoTime() - start;
            if (response.statusCode() != mix.get(i).expectedStatus) {
              failure.compareAndSet(null, mix.get(i).label + ": status " + response.statusCode() + ", expected "
                  + mix.get(i).expectedStatus + ": " + new String(response.body()));
              break;
            }
            if (n == mine.length) {
              mine = Arrays.copyOf(mine, n * 2);
            }
            mine[n++] = took;
          } catch (IOException e) {
            failure.compareAndSet(null, mix.get(i).label + ": " + e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
        samples[worker] = mine;
        counts[worker] = n;
      }, "load-" + w);
      workers[w].start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    if (failure.get() != null) {
      throw new IOException("benign request failed under load: " + failure.get());
    }
    int total = 0;
    for (int c : counts) {
      total += c;
    }
    long[] all = new long[total];
    int at = 0;
    for (int w = 0; w < concurrency; w++) {
      System.arraycopy(samples[w], 0, all, at, counts[w]);
      at += counts[w];
    }
    Arrays.sort(all);
    return all;
  }

  /**
   * Sends a request, once more if the server had closed the keep-alive connection it went out on
   * before answering. Tomcat closes a connection after its 100th request (maxKeepAliveRequests), and
   * the JDK client then and there retries a GET by itself but not a POST: about one POST in 200,000
   * failed so, with or without the agent. Such retries are counted and reported, so that a connection
   * closed by the agent would still show.
   */
  private HttpResponse<byte[]> send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      if (e.getMessage() == null || !e.getMessage().contains("received no bytes")) {
        throw e;
      }
      staleConnectionRetries.incrementAndGet();
      return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
  }

  /** Requests sent twice because the server had closed their connection before answering. */
  long staleConnectionRetries() {
    return staleConnectionRetries.get();
  }

  /** Sends each request of the mix once and returns the bodies, to compare runs byte for byte. */
  List<String> sample() throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<String> bodies = new ArrayList<>();
    for (RequestMix.Entry entry : mix) {
      HttpResponse<String> r = client.send(entry.build(base), HttpResponse.BodyHandlers.ofString());
      bodies.add(r.statusCode() + " " + r.body());
    }
    return bodies;
  }
}
