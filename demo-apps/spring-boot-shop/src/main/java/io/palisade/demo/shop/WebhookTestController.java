package io.palisade.demo.shop;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * Outbound HTTP from the shop, with OkHttp 5 ({@code execute} and {@code enqueue}) and Spring's
 * {@code RestClient} over the JDK HttpClient. VULNERABLE: {@code POST /api/webhooks/test} ("test your
 * webhook") calls whatever URL the JSON body names. Safe twin: {@code POST /api/webhooks/ping} calls
 * the shop's fixed receiver with the event name in the query only. {@code /internal/status} stands for
 * an internal service and {@code /redirect} is an open redirect (both on the shop itself, so no test
 * ever leaves the loopback).
 */
@RestController
class WebhookTestController {
  private final OkHttpClient okHttp = new OkHttpClient.Builder()
      .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5)).build();
  private final RestClient restClient = RestClient.builder()
      .requestFactory(new JdkClientHttpRequestFactory(
          HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build()))
      .build();

  record WebhookTest(String url, String client) {}

  record Ping(String event, String client) {}

  @PostMapping("/api/webhooks/test")
  ResponseEntity<Map<String, Object>> test(@RequestBody WebhookTest request) {
    String client = request.client() == null ? "okhttp" : request.client();
    if (request.url() == null || request.url().isBlank()) {
      return ResponseEntity.badRequest().body(Map.of("error", "url is required"));
    }
    try {
      return ResponseEntity.ok(Map.of("client", client, "url", request.url(), "response", deliver(client, request.url())));
    } catch (IOException | RuntimeException e) {
      // A webhook test that fails says so: the shop swallows the client's failure.
      return ResponseEntity.status(502).body(Map.of("error", "delivery_failed", "client", client));
    }
  }

  @PostMapping("/api/webhooks/ping")
  ResponseEntity<Map<String, Object>> ping(@RequestBody Ping request, HttpServletRequest servlet) throws IOException {
    String event = request.event() == null ? "ping" : request.event();
    String client = request.client() == null ? "okhttp" : request.client();
    String receiver = "http://127.0.0.1:" + servlet.getLocalPort() + "/api/webhooks/receiver?event="
        + URLEncoder.encode(event, StandardCharsets.UTF_8);
    return ResponseEntity.ok(Map.of("client", client, "event", event, "response", deliver(client, receiver)));
  }

  @GetMapping("/api/webhooks/receiver")
  Map<String, Object> receiver(@RequestParam(defaultValue = "") String event) {
    return Map.of("received", event);
  }

  @GetMapping("/api/webhooks/internal/status")
  Map<String, Object> internalStatus() {
    return Map.of("service", "internal", "secret", "internal-only-token");
  }

  @GetMapping("/api/webhooks/redirect")
  ResponseEntity<Void> redirect(@RequestParam String to) {
    return ResponseEntity.status(302).header("Location", to).build();
  }

  private String deliver(String client, String url) throws IOException {
    switch (client) {
      case "okhttp":
        try (Response response = okHttp.newCall(new Request.Builder().url(url).build()).execute()) {
          return response.body().string();
        }
      case "okhttp-async":
        return enqueue(url);
      case "restclient":
        return restClient.get().uri(java.net.URI.create(url)).retrieve().body(String.class);
      default:
        throw new IllegalArgumentException("unknown client " + client);
    }
  }

  /** OkHttp's {@code enqueue}: the response arrives on OkHttp's dispatcher thread. */
  private String enqueue(String url) throws IOException {
    CompletableFuture<String> body = new CompletableFuture<>();
    okHttp.newCall(new Request.Builder().url(url).build()).enqueue(new Callback() {
      @Override
      public void onResponse(Call call, Response response) {
        try (response) {
          body.complete(response.body().string());
        } catch (IOException | RuntimeException e) {
          body.completeExceptionally(e);
        }
      }

      @Override
      public void onFailure(Call call, IOException e) {
        body.completeExceptionally(e);
      }
    });
    try {
      return body.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException(e.getCause() == null ? e : e.getCause());
    }
  }
}
