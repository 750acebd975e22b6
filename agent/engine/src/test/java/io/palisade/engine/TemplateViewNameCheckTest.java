package io.palisade.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.audit.AuditLog;
import io.palisade.audit.AuditSettings;
import io.palisade.bootstrap.RequestScope;
import io.palisade.engine.context.FakeServletRequest;
import io.palisade.engine.context.RequestContext;
import io.palisade.engine.findings.Finding;
import io.palisade.engine.findings.FindingReporter;
import io.palisade.engine.findings.PolicyState;
import io.palisade.engine.template.TemplateInjectionCheck;
import io.palisade.policy.PolicyLoadResult;
import io.palisade.policy.PolicyLoader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thymeleaf.spring6.view.ThymeleafView;

/**
 * The template check given a Thymeleaf-Spring view (a stand-in with the real class names): a
 * {@code "page :: selector"} view name carrying a request value with template syntax is a finding at
 * {@code ThymeleafView.renderFragment}; a plain view name is left to {@code TemplateEngine.process}
 * (so one event, not two); a value the application decoded once more is found in its decoded form.
 */
class TemplateViewNameCheckTest {
  @TempDir Path dir;
  private AuditLog audit;
  private PalisadeEngine engine;
  private final TemplateInjectionCheck check = new TemplateInjectionCheck();

  @AfterEach
  void close() throws Exception {
    RequestScope.clear();
    if (audit != null) {
      audit.close();
    }
  }

  private RequestContext request(String query) throws Exception {
    String policyJson = "{\"version\":1,\"name\":\"unit\",\"mode\":\"block\",\"audit\":{\"path\":\"x.jsonl\"}}";
    PolicyLoadResult loaded = PolicyLoader.parse(policyJson.getBytes(StandardCharsets.UTF_8), "unit.json");
    audit = AuditLog.open(AuditSettings.builder().path(dir.resolve("audit.jsonl")).build());
    engine = new PalisadeEngine(new FindingReporter(new PolicyState(loaded.policy(), audit), ServiceInfo.detect()));
    Object request = new FakeServletRequest("GET", "/thymeleaf/fragments", query).as("jakarta.servlet");
    return (RequestContext) engine.requestEnter(request, new FakeServletResponse().proxy());
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Test
  void aFragmentSelectorFromTheRequestIsFoundAtRenderFragment() throws Exception {
    RequestContext context = request("section=" + q("__${'foo'+'ter'}__"));
    Finding finding = check.check(context, "thymeleaf", new ThymeleafView("thymeleaf/fragments :: __${'foo'+'ter'}__"));
    assertThat(finding).isNotNull();
    assertThat(finding.sinkMethod()).isEqualTo("org.thymeleaf.spring6.view.ThymeleafView.renderFragment");
    assertThat(finding.sinkTarget()).isEqualTo("thymeleaf/fragments :: __${'foo'+'ter'}__");
    assertThat(finding.input().name()).isEqualTo("section");
  }

  @Test
  void benignSelectorsAndPlainViewNamesAreNotFindingsHere() throws Exception {
    RequestContext context = request("section=header&lang=" + q("__${7*7}__"));
    assertThat(check.check(context, "thymeleaf", new ThymeleafView("thymeleaf/fragments :: header"))).isNull();
    // No "::": Thymeleaf-Spring hands the name to TemplateEngine.process unchanged; checked there, once.
    assertThat(check.check(context, "thymeleaf", new ThymeleafView("thymeleaf/__${7*7}__/welcome"))).isNull();
    assertThat(check.check(context, "thymeleaf", "thymeleaf/__${7*7}__/welcome")).isNotNull();
  }

  @Test
  void aValueTheApplicationDecodedOnceMoreIsFoundDecoded() throws Exception {
    RequestContext context = request("section=" + q(q("${'foo'+'ter'}")));
    Finding finding = check.check(context, "thymeleaf", new ThymeleafView("thymeleaf/fragments :: ${'foo'+'ter'}"));
    assertThat(finding).isNotNull();
    assertThat(finding.input().value()).isEqualTo("${'foo'+'ter'}");
    assertThat(finding.input().decoding()).isEqualTo("url");
  }
}
