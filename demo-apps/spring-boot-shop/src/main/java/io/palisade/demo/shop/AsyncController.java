package io.palisade.demo.shop;

import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * The asynchronous twins of the product search and the account look-up, both VULNERABLE, both reaching
 * SQL on another thread than the one that received the request.
 */
@RestController
class AsyncController {

  private final JdbcTemplate jdbc;
  /** The shop's own pool for slow look-ups, as services keep one next to Spring's. */
  private final ExecutorService lookups = Executors.newFixedThreadPool(4, r -> {
    Thread t = new Thread(r, "shop-lookup");
    t.setDaemon(true);
    return t;
  });

  AsyncController(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * A {@code DeferredResult} completed from the shop's executor; a failure is handed to Spring with
   * {@code setErrorResult}, which dispatches it to the exception handler, as real code does.
   */
  @PostMapping("/api/async/products/search")
  DeferredResult<Map<String, Object>> search(@RequestBody ProductsController.SearchRequest request) {
    DeferredResult<Map<String, Object>> result = new DeferredResult<>(10_000L);
    lookups.execute(() -> {
      try {
        List<Rows.Product> products = ProductsController.searchConcatenated(jdbc, request);
        result.setResult(Map.of("products", products));
      } catch (RuntimeException e) {
        result.setErrorResult(e);
      }
    });
    return result;
  }

  /** A {@code Callable}: Spring MVC runs it on its task executor and dispatches the result. */
  @GetMapping("/api/async/accounts/{username}")
  Callable<?> account(@PathVariable String username) {
    return () -> AccountsController.oneOrNotFound(AccountsController.findConcatenated(jdbc, username));
  }

  @PreDestroy
  void stop() {
    lookups.shutdownNow();
  }
}
