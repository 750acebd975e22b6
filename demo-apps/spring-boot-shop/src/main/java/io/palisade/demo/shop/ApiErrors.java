package io.palisade.demo.shop;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns every exception into a JSON error, the way real services do: Spring's own errors (bad JSON, a
 * missing header, no such route) keep their status; anything else, a database error included, is a
 * 500 that names no detail. A RASP block that the application catches here must still reach the
 * client as the block response.
 */
@RestControllerAdvice
class ApiErrors {
  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  @ExceptionHandler(Exception.class)
  ResponseEntity<Map<String, Object>> handle(Exception e) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (e instanceof ErrorResponse spring) {
      HttpStatusCode status = spring.getStatusCode();
      body.put("error", "request_error");
      body.put("status", status.value());
      return ResponseEntity.status(status).body(body);
    }
    LOG.warn("request failed: {}", e.toString());
    body.put("error", "internal_error");
    body.put("message", "Something went wrong; the shop logged it.");
    return ResponseEntity.status(500).body(body);
  }
}
