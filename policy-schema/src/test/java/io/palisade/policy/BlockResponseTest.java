package io.palisade.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlockResponseTest {

    @Test
    void builtInJsonBody() throws Exception {
        BlockResponse b = BlockResponse.defaults();
        assertThat(b.status()).isEqualTo(403);
        assertThat(b.contentType()).isNull();
        assertThat(b.body()).isNull();
        assertThat(b.contentTypeFor(true)).isEqualTo("application/json");
        assertThat(b.render("evt-1", true)).isEqualTo("{\"error\":\"request_blocked\",\"event_id\":\"evt-1\"}");
    }

    @Test
    void builtInHtmlBody() {
        BlockResponse b = BlockResponse.defaults();
        assertThat(b.contentTypeFor(false)).isEqualTo("text/html;charset=utf-8");
        String html = b.render("evt-1", false);
        assertThat(html).contains("Request blocked").contains("evt-1").startsWith("<!DOCTYPE html>");
    }

    @Test
    void escapesTheIdForJson() throws Exception {
        String evil = "a\"b\\c\n</script>";
        String json = BlockResponse.defaults().render(evil, true);
        assertThat(json).doesNotContain("</script>").doesNotContain("\n");
        assertThat(new ObjectMapper().readTree(json).get("event_id").asText()).isEqualTo(evil);
    }

    @Test
    void escapesTheIdForHtml() {
        String html = BlockResponse.defaults().render("<img src=x onerror=alert(1)>&\"'", false);
        assertThat(html).doesNotContain("<img").contains("&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;");
    }

    @Test
    void customBodyAndContentType() {
        BlockResponse b = new BlockResponse(406, "application/problem+json", "{\"title\":\"blocked\",\"id\":\"{event_id}\",\"again\":\"{event_id}\"}");
        assertThat(b.status()).isEqualTo(406);
        assertThat(b.contentTypeFor(false)).isEqualTo("application/problem+json");
        assertThat(b.contentTypeFor(true)).isEqualTo("application/problem+json");
        assertThat(b.render("x\"y", false)).isEqualTo("{\"title\":\"blocked\",\"id\":\"x\\\"y\",\"again\":\"x\\\"y\"}");

        BlockResponse html = new BlockResponse(403, "text/html", "<p>Ref {event_id}</p>");
        assertThat(html.render("<b>", true)).isEqualTo("<p>Ref &lt;b&gt;</p>");

        BlockResponse plain = new BlockResponse(403, "text/plain", "blocked: {event_id}");
        assertThat(plain.render("a\r\nSet-Cookie: x", true)).isEqualTo("blocked: aSet-Cookie: x");
    }

    @Test
    void customBodyWithoutContentTypeFollowsAccept() {
        BlockResponse b = new BlockResponse(403, null, "id={event_id}");
        assertThat(b.contentTypeFor(true)).isEqualTo("application/json");
        assertThat(b.render("<x>", false)).isEqualTo("id=&lt;x&gt;");
        assertThat(b.render("\"", true)).isEqualTo("id=\\\"");
    }

    @Test
    void builtInBodyFollowsConfiguredContentType() {
        BlockResponse b = new BlockResponse(403, "application/json", null);
        assertThat(b.render("e1", false)).isEqualTo("{\"error\":\"request_blocked\",\"event_id\":\"e1\"}");
    }

    @Test
    void loadedFromPolicy() {
        Policy p = PolicyLoader.parse(("{\"version\":1,\"block_response\":{\"status\":418,\"content_type\":\"text/plain\","
                + "\"body\":\"no {event_id}\"}}").getBytes(StandardCharsets.UTF_8), "t.json").policy();
        assertThat(p.blockResponse().status()).isEqualTo(418);
        assertThat(p.blockResponse().render("abc", true)).isEqualTo("no abc");
        assertThat(p.blockResponse().contentTypeFor(true)).isEqualTo("text/plain");
    }

    @Test
    void rejectsImpossibleStatus() {
        assertThatThrownBy(() -> new BlockResponse(99, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlockResponse(600, null, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
