package io.palisade.engine.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PathMatchingTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "/admin, /admin",
    "/admin/, /admin/",
    "/admin/../admin/, /admin/",
    "/public/../admin/users, /admin/users",
    "/ADMIN/Users, /admin/users",
    "//admin//users, /admin/users",
    "/./admin/./users, /admin/users",
    "/admin;jsessionid=abc/users, /admin/users",
    "/admin;x=1, /admin",
    "/%61dmin/users, /admin/users",
    "/%2561dmin, /%61dmin",
    "/public%2F..%2Fadmin, /admin",
    "/public\\..\\admin, /admin",
    "/../../admin, /admin",
    "/admin%3Bx, /admin;x",
    "/admin/users?x=/public, /admin/users",
    "http://host:8080/admin, /admin",
    "'', /",
  })
  void normalisesAsTheContainerRoutes(String raw, String expected) {
    assertThat(PathNormalizer.normalize(raw, null)).isEqualTo(expected);
  }

  @Test
  void stripsTheContextPath() {
    assertThat(PathNormalizer.normalize("/shop/admin/x", "/shop")).isEqualTo("/admin/x");
    assertThat(PathNormalizer.normalize("/shop", "/shop")).isEqualTo("/");
    assertThat(PathNormalizer.normalize("/SHOP;a=b/./admin", "/shop")).isEqualTo("/admin");
    assertThat(PathNormalizer.normalize("/shopping/admin", "/shop")).isEqualTo("/shopping/admin");
  }

  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource({
    "/admin, /admin, true",
    "/admin, /admin/, true",
    "/admin, /admin/x, false",
    "/admin/*, /admin, true",
    "/admin/*, /admin/users/1, true",
    "/admin/*, /administrator, false",
    "/Admin/*, /admin/x, true",
    "*.jsp, /a/b/page.jsp, true",
    "*.jsp, /a/b/page.jspx, false",
    "*.jsp, /a/.jsp/x, false",
    "/, /anything/at/all, true",
    "/api/**, /api, true",
    "/api/**, /api/v1/orders, true",
    "/api/**/export, /api/v1/orders/export, true",
    "/api/**/export, /api/export, true",
    "/api/**/export, /api/v1/import, false",
    "/api/*/orders, /api/v1/orders, true",
    "/api/*/orders, /api/v1/x/orders, false",
    "/api/v?/orders, /api/v2/orders, true",
    "/api/v?/orders, /api/v10/orders, false",
    "/files/*.pdf, /files/a.pdf, true",
    "/files/*.pdf, /files/a/b.pdf, false",
  })
  void matchesServletAndAntPatterns(String pattern, String path, boolean expected) {
    assertThat(PathPattern.parse(pattern).matches(path)).isEqualTo(expected);
  }

  @Test
  void refusesPatternsThatAreNotPaths() {
    assertThatThrownBy(() -> PathPattern.parse("admin/*")).hasMessageContaining("starts with /");
    assertThatThrownBy(() -> PathPattern.parse("")).hasMessageContaining("empty");
  }
}
