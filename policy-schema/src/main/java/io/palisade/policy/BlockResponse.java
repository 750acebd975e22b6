package io.palisade.policy;

import java.util.Locale;

/** What a blocked client receives. */
public final class BlockResponse {
    public static final int DEFAULT_STATUS = 403;
    public static final String JSON_CONTENT_TYPE = "application/json";
    public static final String HTML_CONTENT_TYPE = "text/html;charset=utf-8";
    /** The placeholder replaced by the audit event id. */
    public static final String EVENT_ID_PLACEHOLDER = "{event_id}";

    private static final BlockResponse DEFAULT = new BlockResponse(DEFAULT_STATUS, null, null);

    private final int status;
    private final String contentType;
    private final String body;

    public BlockResponse(int status, String contentType, String body) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be 100..599: " + status);
        }
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }

    /** Status 403, content type by Accept, built-in body. */
    public static BlockResponse defaults() {
        return DEFAULT;
    }

    public int status() {
        return status;
    }

    /** The configured content type; null means "choose by the Accept header". */
    public String contentType() {
        return contentType;
    }

    /** The configured body template; null means the built-in body. */
    public String body() {
        return body;
    }

    /** The Content-Type to send: the configured one, else JSON or HTML as the client prefers. */
    public String contentTypeFor(boolean wantsJson) {
        if (contentType != null) {
            return contentType;
        }
        return wantsJson ? JSON_CONTENT_TYPE : HTML_CONTENT_TYPE;
    }

    /**
     * The body to send, with {@code {event_id}} replaced by the id escaped for the body's context
     * (JSON string, HTML text, or plain text with control characters removed).
     */
    public String render(String eventId, boolean wantsJson) {
        String id = eventId == null ? "" : eventId;
        if (body == null) {
            if (contentType == null ? wantsJson : isJson(contentType)) {
                return "{\"error\":\"request_blocked\",\"event_id\":\"" + escapeJson(id) + "\"}";
            }
            return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Request blocked</title></head>"
                    + "<body><h1>Request blocked</h1><p>This request was blocked for security reasons. Reference: "
                    + escapeHtml(id) + "</p></body></html>\n";
        }
        String ct = contentTypeFor(wantsJson);
        String escaped;
        if (isJson(ct)) {
            escaped = escapeJson(id);
        } else if (isMarkup(ct)) {
            escaped = escapeHtml(id);
        } else {
            escaped = stripControls(id);
        }
        return body.replace(EVENT_ID_PLACEHOLDER, escaped);
    }

    private static boolean isJson(String ct) {
        return ct.toLowerCase(Locale.ROOT).contains("json");
    }

    private static boolean isMarkup(String ct) {
        String l = ct.toLowerCase(Locale.ROOT);
        return l.contains("html") || l.contains("xml");
    }

    static String escapeJson(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case '<': sb.append("\\u003c"); break; // harmless if a JSON body is sniffed as HTML
                case '>': sb.append("\\u003e"); break;
                case '&': sb.append("\\u0026"); break;
                case '\u2028': sb.append("\\u2028"); break;
                case '\u2029': sb.append("\\u2029"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.toString();
    }

    static String escapeHtml(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '&': sb.append("&amp;"); break;
                case '"': sb.append("&quot;"); break;
                case '\'': sb.append("&#39;"); break;
                default:
                    if (c < 0x20 && c != '\t') {
                        break; // drop control characters
                    }
                    sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String stripControls(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != 0x7f) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "BlockResponse{status=" + status + ", contentType=" + contentType + ", body=" + (body == null ? "built-in" : "custom") + "}";
    }
}
