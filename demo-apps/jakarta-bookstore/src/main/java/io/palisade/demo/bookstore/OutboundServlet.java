package io.palisade.demo.bookstore;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.http.converter.StringHttpMessageConverter;
import org.springframework.web.client.RestTemplate;

/**
 * Outbound HTTP. Deliberately vulnerable: {@code /preview?url=...&client=...} ("link preview" of a
 * cover URL) fetches whatever URL the client names, with the chosen HTTP client. Safe:
 * {@code /weather?city=...} calls the app's fixed upstream with the value only in the query.
 * {@code /redirect?to=...} is an open redirect and {@code /internal/status} stands for an internal
 * service (both on this app, so that no test ever leaves the loopback).
 */
final class OutboundServlet extends HttpServlet {
  private final HttpClient httpClient =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build();
  /** Text only: the default converters would pick up the bookstore's (deliberately old) Jackson. */
  private final okhttp3.OkHttpClient okHttp = new okhttp3.OkHttpClient.Builder()
      .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5)).build();
  private final org.apache.http.impl.client.CloseableHttpClient apache4 = org.apache.http.impl.client.HttpClients.createDefault();
  private final org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient apache5Async = startedAsyncClient();
  private final RestTemplate restTemplate =
      new RestTemplate(java.util.List.of(new StringHttpMessageConverter(StandardCharsets.UTF_8)));

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    switch (req.getServletPath()) {
      case "/preview": preview(req, resp); break;
      case "/weather": weather(req, resp); break;
      case "/redirect":
        resp.setStatus(302);
        resp.setHeader("Location", req.getParameter("to"));
        break;
      case "/internal/status":
        Json.write(resp, 200, Json.map("service", "internal", "secret", "internal-only-token"));
        break;
      default: Json.write(resp, 404, Json.map("error", "not_found"));
    }
  }

  private void preview(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String url = req.getParameter("url");
    String client = req.getParameter("client") == null ? "urlconnection" : req.getParameter("client");
    if (url == null || url.isEmpty()) {
      Json.write(resp, 400, Json.map("error", "url is required"));
      return;
    }
    String body;
    try {
      body = fetch(client, url);
    } catch (IOException | RuntimeException e) {
      // A link preview that fails says so: the application swallows the client's failure.
      Json.write(resp, 502, Json.map("error", "fetch_failed", "client", client));
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Json.write(resp, 503, Json.map("error", "interrupted"));
      return;
    }
    Json.write(resp, 200, Json.map("client", client, "url", url, "preview", body.length() > 200 ? body.substring(0, 200) : body));
  }

  /** The same fixed upstream every time (this app); the city goes into the query only. */
  private void weather(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String city = req.getParameter("city") == null ? "Zurich" : req.getParameter("city");
    String upstream = "http://127.0.0.1:" + req.getLocalPort() + "/hello?name=" + URLEncoder.encode(city, StandardCharsets.UTF_8);
    String client = req.getParameter("client") == null ? "urlconnection" : req.getParameter("client");
    try {
      Json.write(resp, 200, Json.map("city", city, "forecast", fetch(client, upstream)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Json.write(resp, 503, Json.map("error", "interrupted"));
    }
  }

  private String fetch(String client, String url) throws IOException, InterruptedException {
    switch (client) {
      case "urlconnection": {
        HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
        connection.setConnectTimeout(5000);
        connection.setReadTimeout(5000);
        try (InputStream in = connection.getInputStream()) {
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
      case "httpclient": {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
        return httpClient.send(request, HttpResponse.BodyHandlers.ofString()).body();
      }
      case "httpclient-async": {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
        try {
          return httpClient.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get().body();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IOException(e.getCause());
        }
      }
      case "resttemplate":
        return restTemplate.getForObject(URI.create(url), String.class);
      case "okhttp":
        try (okhttp3.Response response = okHttp.newCall(new okhttp3.Request.Builder().url(url).build()).execute()) {
          return response.body().string();
        }
      case "apache5-async":
        try {
          org.apache.hc.client5.http.async.methods.SimpleHttpRequest request =
              org.apache.hc.client5.http.async.methods.SimpleRequestBuilder.get(url).build();
          return apache5Async.execute(request, null).get(10, java.util.concurrent.TimeUnit.SECONDS).getBodyText();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          throw new IOException(e.getCause() == null ? e : e.getCause());
        }
      case "apache4":
        return apache4.execute(new org.apache.http.client.methods.HttpGet(url),
            response -> org.apache.http.util.EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8));
      default:
        throw new IllegalArgumentException("unknown client " + client);
    }
  }

  private static org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient startedAsyncClient() {
    org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient client =
        org.apache.hc.client5.http.impl.async.HttpAsyncClients.createDefault();
    client.start();
    return client;
  }
}
