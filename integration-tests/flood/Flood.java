import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small load generator for the flood figures (run by flood.sh): THREADS clients send COUNT requests
 * of one kind as fast as they can; prints requests/s, the status counts and latency percentiles.
 * usage: java Flood.java BASE_URL attack|benign COUNT THREADS
 */
public class Flood {
  public static void main(String[] args) throws Exception {
    String base = args[0];
    boolean attack = args[1].equals("attack");
    int count = Integer.parseInt(args[2]);
    int threads = Integer.parseInt(args[3]);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String id = attack ? "1 OR 1=1" : "1";
    URI uri = URI.create(base + "/books?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "application/json").GET().build();
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<Long>>> results = new ArrayList<>();
    int[] statuses = new int[600];
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      results.add(pool.submit(() -> {
        List<Long> latencies = new ArrayList<>();
        while (next.getAndIncrement() < count) {
          long s = System.nanoTime();
          HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
          latencies.add(System.nanoTime() - s);
          synchronized (statuses) {
            statuses[response.statusCode()]++;
          }
        }
        return latencies;
      }));
    }
    List<Long> all = new ArrayList<>();
    for (Future<List<Long>> f : results) {
      all.addAll(f.get());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    Collections.sort(all);
    StringBuilder codes = new StringBuilder();
    for (int i = 0; i < statuses.length; i++) {
      if (statuses[i] > 0) {
        codes.append(' ').append(i).append('=').append(statuses[i]);
      }
    }
    System.out.printf("%s: %d requests in %.2f s = %.0f req/s; statuses%s; latency p50 %.2f ms, p99 %.2f ms%n",
        args[1], all.size(), seconds, all.size() / seconds, codes, pct(all, 50), pct(all, 99));
  }

  static double pct(List<Long> sorted, double p) {
    return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * p / 100) - 1)) / 1e6;
  }
}
