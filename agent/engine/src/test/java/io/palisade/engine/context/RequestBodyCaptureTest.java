package io.palisade.engine.context;

import io.palisade.policy.IpRange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bodies become inputs from what the application read: JSON, XML, forms, multipart, plain text. */
class RequestBodyCaptureTest {

  @ParameterizedTest
  @ValueSource(strings = {"javax.servlet", "jakarta.servlet"})
  void jsonLeavesAtAnyDepthAndKeysAreInputs(String namespace) throws Exception {
    RequestContext context = contextFor(namespace, "application/json; charset=utf-8", 65536);
    read(context, "{\"customer\":{\"name\":\"O'Brien\",\"tags\":[\"vip\",{\"note\":\"1' OR '1'='1\"}]},"
        + "\"qty\":3,\"gift\":true,\"x' OR 1=1--\":null}");

    assertThat(bodyInputs(context)).containsExactly(
        "body name '/customer'=customer",
        "body name '/customer/name'=name",
        "body '/customer/name'=O'Brien",
        "body name '/customer/tags'=tags",
        "body '/customer/tags/0'=vip",
        "body name '/customer/tags/1/note'=note",
        "body '/customer/tags/1/note'=1' OR '1'='1",
        "body name '/qty'=qty",
        "body '/qty'=3",
        "body name '/gift'=gift",
        "body name '/x' OR 1=1--'=x' OR 1=1--");
  }

  @Test
  void jsonPointersCountEveryArrayElementAndEscapeKeysEvenWhenValuesRepeat() throws Exception {
    RequestContext context = contextFor("jakarta.servlet", "application/json", 65536);
    // repeated keys and values are inputs once (the first place they occur), yet still take their index
    read(context, "[{\"a/b\":\"x\"},{\"a/b\":\"x\"},\"y\",true,null,\"x\",[\"y\",\"t~1\"],\"z\"]");

    assertThat(bodyInputs(context)).containsExactly(
        "body name '/0/a~1b'=a/b",
        "body '/0/a~1b'=x",
        "body '/2'=y",
        "body '/6/1'=t~1",
        "body '/7'=z");
  }

  @ParameterizedTest
  @ValueSource(strings = {"javax.servlet", "jakarta.servlet"})
  void bodyReadInPiecesIsSeenAsItGrows(String namespace) throws Exception {
    RequestContext context = contextFor(namespace, "application/json", 65536);
    read(context, "{\"q\":\"first\",");
    assertThat(context.inputs().values()).contains("first").doesNotContain("second");
    read(context, "\"r\":\"second\"}");
    assertThat(context.inputs().values()).contains("first", "second");
  }

  @Test
  void xmlTextAndAttributesWithoutExternalEntities() throws Exception {
    RequestContext context = contextFor("jakarta.servlet", "application/xml", 65536);
    read(context, "<?xml version=\"1.0\"?><order id=\"7' OR '1'='1\"><item sku=\"A-1\">Blue  pen</item>"
        + "<note><![CDATA[it's <fine>]]></note></order>");

    assertThat(bodyInputs(context)).containsExactly(
        "body '/order/@id'=7' OR '1'='1",
        "body '/order/item/@sku'=A-1",
        "body '/order/item'=Blue  pen",
        "body '/order/note'=it's <fine>");
  }

  @Test
  void xmlWithAnExternalEntityIsNotFetched() throws Exception {
    RequestContext context = contextFor("jakarta.servlet", "text/xml", 65536);
    read(context, "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>");

    assertThat(context.inputs().values()).noneMatch(value -> value.contains("root:"));
  }

  @Test
  void formBodyNamesAndValues() throws Exception {
    RequestContext context = contextFor("javax.servlet", "application/x-www-form-urlencoded", 65536);
    read(context, "user=O%27Brien&pass=x%27+OR+%271%27%3D%271");

    assertThat(describe(context.inputs().all())).contains(
        "parameter 'user'=O'Brien", "parameter name 'user'=user", "parameter 'pass'=x' OR '1'='1");
  }

  @Test
  void multipartFieldsAndFileNamesButNotFileContents() throws Exception {
    String body = "--XyZ\r\n"
        + "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
        + "Holiday' OR 1=1--\r\n"
        + "--XyZ\r\n"
        + "Content-Disposition: form-data; name=\"photo\"; filename=\"a'; DROP TABLE t;--.png\"\r\n"
        + "Content-Type: image/png\r\n\r\n"
        + "PNGDATA-not-an-input\r\n"
        + "--XyZ--\r\n";
    RequestContext context = contextFor("jakarta.servlet", "multipart/form-data; boundary=XyZ", 65536);
    read(context, body);

    assertThat(bodyInputs(context)).containsExactly(
        "body 'title'=Holiday' OR 1=1--",
        "body filename 'photo'=a'; DROP TABLE t;--.png");
  }

  @Test
  void plainTextBodyIsOneValue() throws Exception {
    RequestContext context = contextFor("jakarta.servlet", "text/plain", 65536);
    read(context, "1 OR 1=1");
    assertThat(bodyInputs(context)).containsExactly("body 'body'=1 OR 1=1");
  }

  @Test
  void binaryBodiesAreNotInputs() throws Exception {
    RequestContext context = contextFor("jakarta.servlet", "application/octet-stream", 65536);
    read(context, "1 OR 1=1");
    assertThat(bodyInputs(context)).isEmpty();
  }

  @Test
  void keepsNoMoreThanTheLimitAndStillYieldsTheStart() throws Exception {
    RequestContext context = contextFor("jakarta.servlet", "application/json", 32);
    read(context, "{\"a\":\"early value\",\"b\":\"this one is beyond the limit\"}");
    assertThat(context.inputs().values()).contains("early value").doesNotContain("this one is beyond the limit");
  }

  @Test
  void charactersFromAContainerReaderAreCapturedToo() throws Exception {
    RequestContext context = contextFor("jakarta.servlet", "application/json", 65536);
    context.bodyCharsRead("{\"q\":\"caf");
    context.bodyCharsRead("é\"}");
    assertThat(context.inputs().values()).contains("café");
  }

  @Test
  void decodedFormsAreOfferedOnlyWhenTheyAreReadableText() throws Exception {
    String encoded = Base64.getEncoder().encodeToString("1' OR '1'='1".getBytes(StandardCharsets.UTF_8));
    FakeServletRequest fake = new FakeServletRequest("GET", "/s", "f=" + encoded + "&d=%2527%2520OR%25201%253D1&w=password&t=c2VjcmV0AAAA");
    Object request = fake.as("jakarta.servlet");
    RequestContext context = new RequestContext(ServletAccess.forRequest(request), request, null);

    assertThat(describe(context.inputs().decoded())).containsExactly(
        "parameter 'f' (base64-decoded)=1' OR '1'='1",
        "parameter 'd' (url-decoded)=' OR 1=1");
  }

  private static RequestContext contextFor(String namespace, String contentType, int limit) throws Exception {
    Object request = new FakeServletRequest("POST", "/api", null).contentType(contentType).as(namespace);
    return new RequestContext(ServletAccess.forRequest(request), request, null,
        new CaptureSettings(limit, java.util.Collections.<IpRange>emptyList()));
  }

  private static void read(RequestContext context, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    // as an application reads: into a larger buffer, at an offset
    byte[] buffer = new byte[bytes.length + 10];
    System.arraycopy(bytes, 0, buffer, 5, bytes.length);
    context.bodyRead(buffer, 5, bytes.length);
  }

  private static List<String> bodyInputs(RequestContext context) {
    return context.inputs().all().stream()
        .filter(input -> input.source() == RequestInput.Source.BODY)
        .map(RequestInput::toString)
        .collect(Collectors.toList());
  }

  private static List<String> describe(List<RequestInput> inputs) {
    return inputs.stream().map(RequestInput::toString).collect(Collectors.toList());
  }
}
