package io.palisade.engine.findings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ApplicationStackTest {

  private static List<String> trim(String... classNames) {
    return ApplicationStack.trim(Arrays.asList(classNames).iterator(), Function.identity(), Function.identity());
  }

  @Test
  void springMvcControllerOverJdbcTemplateKeepsOnlyTheApplication() {
    // The stack of a @RestController calling JdbcTemplate.query on a HikariCP connection, innermost first.
    List<String> kept = trim(
        "io.palisade.bootstrap.Bridge",
        "org.h2.jdbc.JdbcStatement",
        "com.zaxxer.hikari.pool.HikariProxyStatement",
        "org.springframework.jdbc.core.JdbcTemplate$1QueryStatementCallback",
        "org.springframework.jdbc.core.JdbcTemplate",
        "org.springframework.jdbc.core.JdbcTemplate",
        "com.example.shop.ProductsRepository",
        "org.springframework.aop.framework.ReflectiveMethodInvocation",
        "org.springframework.transaction.interceptor.TransactionInterceptor",
        "com.example.shop.ProductsService$$SpringCGLIB$$0",
        "com.example.shop.ProductsController",
        "jdk.internal.reflect.DirectMethodHandleAccessor",
        "java.lang.reflect.Method",
        "org.springframework.web.method.support.InvocableHandlerMethod",
        "org.springframework.web.servlet.mvc.method.annotation.ServletInvocableHandlerMethod",
        "org.springframework.web.servlet.DispatcherServlet",
        "jakarta.servlet.http.HttpServlet",
        "org.apache.catalina.core.ApplicationFilterChain");
    assertThat(kept).containsExactly("com.example.shop.ProductsRepository",
        "com.example.shop.ProductsService$$SpringCGLIB$$0", "com.example.shop.ProductsController");
  }

  @Test
  void callableRunOnSpringsExecutorStopsAtTheAsyncRunner() {
    List<String> kept = trim(
        "org.springframework.jdbc.core.JdbcTemplate",
        "com.example.shop.AsyncController",
        "com.example.shop.AsyncController$$Lambda/0x1",
        "org.springframework.web.context.request.async.WebAsyncManager",
        "java.util.concurrent.FutureTask",
        "com.example.shop.SomethingElse");
    assertThat(kept).containsExactly("com.example.shop.AsyncController", "com.example.shop.AsyncController$$Lambda/0x1");
  }

  @Test
  void theBoundaryEndsTheWalkOnlyOnceAFrameWasKept() {
    // A sink reached from container code itself (no application frame yet) still gets a stack.
    List<String> kept = trim("org.springframework.jdbc.core.JdbcTemplate", "org.apache.catalina.core.X",
        "com.example.AuditFilter", "jakarta.servlet.FilterChain", "com.example.Outer");
    assertThat(kept).containsExactly("org.apache.catalina.core.X", "com.example.AuditFilter");
  }

  @Test
  void atMostTwentyFrames() {
    String[] deep = new String[50];
    Arrays.fill(deep, "com.example.Recursive");
    assertThat(trim(deep)).hasSize(ApplicationStack.MAX_FRAMES);
  }
}
