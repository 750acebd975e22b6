package io.palisade.engine.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code audit report FILE... --html OUT}: one self-contained HTML page (inline CSS and SVG, no script,
 * no network: its Content-Security-Policy forbids every fetch) with events over time, top endpoints,
 * top sources, blocked versus monitored, and the tables of {@code audit summary}.
 */
final class AuditReportCommand {
  static final String USAGE =
      "usage: java -jar palisade-agent.jar audit report FILE... --html OUT [--from TIME] [--to TIME] [--top N]\n"
          + "  Writes a self-contained HTML report (charts as inline SVG; opens without network access).\n"
          + "  Exit code: 0 written, 1 a file could not be read or OUT not written, 2 usage error.";
  private static final String BLOCKED_COLOUR = "#c0392b";
  private static final String MONITORED_COLOUR = "#e0a526";
  private static final int TIMELINE_BUCKETS = 60;

  private AuditReportCommand() {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help") || args.contains("-h")) {
      out.println(USAGE);
      return 0;
    }
    AuditSummaryCommand.Options o = AuditSummaryCommand.parse(args, true, USAGE, err);
    if (o == null) {
      return 2;
    }
    AuditScan scan = new AuditScan(o.from, o.to);
    boolean ok = AuditSummaryCommand.scan(o, scan, err);
    String html = render(scan, o, Instant.now());
    try {
      Path parent = o.html.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(o.html, html.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      err.println("error: cannot write " + o.html + ": " + e);
      return 1;
    }
    out.println("wrote " + o.html + " (" + scan.findings + " finding(s))");
    return ok ? 0 : 1;
  }

  static String render(AuditScan scan, AuditSummaryCommand.Options o, Instant generated) {
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
        .append("<title>Palisade audit report</title><style>")
        .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;background:#fafafa}")
        .append("h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:0 0 8px}")
        .append(".grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px}")
        .append(".card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px}")
        .append("table{border-collapse:collapse;width:100%}td{padding:2px 6px;border-bottom:1px solid #eee}")
        .append("td.n{text-align:right;font-variant-numeric:tabular-nums;width:6em}.muted{color:#666}")
        .append(".legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}")
        .append("</style></head><body>\n");
    Map<String, Long> bvm = scan.blockedVsMonitored();
    h.append("<h1>Palisade audit report</h1><p class=\"muted\">")
        .append(scan.findings).append(" finding(s): ").append(bvm.get("blocked")).append(" blocked, ")
        .append(bvm.get("monitored")).append(" monitored");
    if (scan.first != null) {
      h.append("; from ").append(esc(scan.first.toString())).append(" to ").append(esc(scan.last.toString()));
    }
    h.append(". Files: ");
    for (int i = 0; i < o.files.size(); i++) {
      h.append(i == 0 ? "" : ", ").append(esc(o.files.get(i).toString()));
    }
    h.append(". Generated ").append(esc(generated.toString())).append(".</p>\n");
    if (scan.badLines > 0) {
      h.append("<p class=\"muted\">").append(scan.badLines).append(" line(s) were not audit events and were skipped.</p>");
    }
    h.append("<div class=\"grid\">\n");
    card(h, "Events over time", timeline(scan));
    card(h, "Blocked vs monitored", blockedVsMonitored(bvm));
    card(h, "Top endpoints", bars(AuditScan.top(scan.byEndpoint, o.top), "#34699a"));
    card(h, "Top sources (client IP)", bars(AuditScan.top(scan.byClient, o.top), "#5b8c5a"));
    card(h, "By detector", table(AuditScan.top(scan.byDetector, o.top)));
    card(h, "By input", table(AuditScan.top(scan.byInput, o.top)));
    if (!scan.byLifecycle.isEmpty()) {
      card(h, "Policy events", table(AuditScan.top(scan.byLifecycle, o.top)));
    }
    h.append("</div></body></html>\n");
    return h.toString();
  }

  private static void card(StringBuilder h, String title, String body) {
    h.append("<section class=\"card\"><h2>").append(esc(title)).append("</h2>").append(body).append("</section>\n");
  }

  /** Stacked bars of blocked and monitored findings in up to 60 equal time buckets. */
  static String timeline(AuditScan scan) {
    if (scan.perSecond.isEmpty()) {
      return "<p class=\"muted\">No findings.</p>";
    }
    long start = scan.perSecond.firstKey();
    long end = scan.perSecond.lastKey() + 1;
    long width = Math.max(1, (end - start + TIMELINE_BUCKETS - 1) / TIMELINE_BUCKETS);
    int buckets = (int) Math.max(1, (end - start + width - 1) / width);
    long[] blocked = new long[buckets];
    long[] monitored = new long[buckets];
    for (Map.Entry<Long, Map<String, Long>> e : scan.perSecond.entrySet()) {
      int b = (int) ((e.getKey() - start) / width);
      for (Map.Entry<String, Long> a : e.getValue().entrySet()) {
        if (a.getKey().startsWith("blocked")) {
          blocked[b] += a.getValue();
        } else {
          monitored[b] += a.getValue();
        }
      }
    }
    long max = 1;
    for (int i = 0; i < buckets; i++) {
      max = Math.max(max, blocked[i] + monitored[i]);
    }
    int w = 600;
    int chartH = 180;
    int left = 50;
    double barW = (double) (w - left - 10) / buckets;
    StringBuilder s = new StringBuilder();
    s.append("<svg role=\"img\" aria-label=\"findings over time\" viewBox=\"0 0 ").append(w).append(' ').append(chartH + 40)
        .append("\" width=\"100%\">");
    s.append("<text x=\"").append(left - 6).append("\" y=\"14\" text-anchor=\"end\" font-size=\"11\">").append(max).append("</text>");
    s.append("<text x=\"").append(left - 6).append("\" y=\"").append(chartH + 4).append("\" text-anchor=\"end\" font-size=\"11\">0</text>");
    s.append("<line x1=\"").append(left).append("\" y1=\"").append(chartH).append("\" x2=\"").append(w - 10).append("\" y2=\"")
        .append(chartH).append("\" stroke=\"#999\"/>");
    for (int i = 0; i < buckets; i++) {
      double x = left + i * barW;
      double hb = (double) blocked[i] / max * (chartH - 10);
      double hm = (double) monitored[i] / max * (chartH - 10);
      String tip = Instant.ofEpochSecond(start + i * width) + ": " + blocked[i] + " blocked, " + monitored[i] + " monitored";
      s.append("<g><title>").append(esc(tip)).append("</title>");
      rect(s, x, chartH - hb, barW * 0.85, hb, BLOCKED_COLOUR);
      rect(s, x, chartH - hb - hm, barW * 0.85, hm, MONITORED_COLOUR);
      s.append("</g>");
    }
    s.append("<text x=\"").append(left).append("\" y=\"").append(chartH + 16).append("\" font-size=\"11\">")
        .append(esc(Instant.ofEpochSecond(start).toString())).append("</text>");
    s.append("<text x=\"").append(w - 10).append("\" y=\"").append(chartH + 16).append("\" font-size=\"11\" text-anchor=\"end\">")
        .append(esc(Instant.ofEpochSecond(end).toString())).append("</text>");
    s.append("<text x=\"").append(left).append("\" y=\"").append(chartH + 34).append("\" font-size=\"11\" class=\"muted\">")
        .append(width).append(" s per bar</text>");
    s.append("</svg>").append(legend());
    return s.toString();
  }

  static String blockedVsMonitored(Map<String, Long> bvm) {
    long blocked = bvm.get("blocked");
    long monitored = bvm.get("monitored");
    long total = blocked + monitored;
    StringBuilder s = new StringBuilder();
    s.append("<svg role=\"img\" aria-label=\"blocked versus monitored\" viewBox=\"0 0 600 60\" width=\"100%\">");
    if (total == 0) {
      rect(s, 0, 10, 600, 30, "#ddd");
    } else {
      double wb = 600.0 * blocked / total;
      rect(s, 0, 10, wb, 30, BLOCKED_COLOUR);
      rect(s, wb, 10, 600 - wb, 30, MONITORED_COLOUR);
    }
    s.append("</svg>");
    s.append("<p>").append(blocked).append(" blocked (").append(percent(blocked, total)).append("), ")
        .append(monitored).append(" monitored (").append(percent(monitored, total)).append(")</p>").append(legend());
    return s.toString();
  }

  static String bars(List<Map.Entry<String, Long>> entries, String colour) {
    if (entries.isEmpty()) {
      return "<p class=\"muted\">None.</p>";
    }
    long max = entries.get(0).getValue();
    int rowH = 22;
    StringBuilder s = new StringBuilder();
    s.append("<svg role=\"img\" viewBox=\"0 0 600 ").append(entries.size() * rowH + 4)
        .append("\" width=\"100%\">");
    int y = 2;
    for (Map.Entry<String, Long> e : entries) {
      double w = Math.max(1, 300.0 * e.getValue() / Math.max(1, max));
      s.append("<text x=\"236\" y=\"").append(y + 15).append("\" text-anchor=\"end\" font-size=\"12\">")
          .append(esc(shorten(e.getKey(), 36))).append("<title>").append(esc(e.getKey())).append("</title></text>");
      rect(s, 242, y + 3, w, rowH - 6, colour);
      s.append("<text x=\"").append(String.format(Locale.ROOT, "%.1f", 248 + w)).append("\" y=\"").append(y + 15)
          .append("\" font-size=\"12\">").append(e.getValue()).append("</text>");
      y += rowH;
    }
    s.append("</svg>");
    return s.toString();
  }

  static String table(List<Map.Entry<String, Long>> entries) {
    if (entries.isEmpty()) {
      return "<p class=\"muted\">None.</p>";
    }
    StringBuilder s = new StringBuilder("<table>");
    for (Map.Entry<String, Long> e : entries) {
      s.append("<tr><td>").append(esc(e.getKey())).append("</td><td class=\"n\">").append(e.getValue()).append("</td></tr>");
    }
    return s.append("</table>").toString();
  }

  private static String legend() {
    return "<div class=\"legend muted\"><span style=\"background:" + BLOCKED_COLOUR + "\"></span>blocked"
        + "<span style=\"background:" + MONITORED_COLOUR + "\"></span>monitored</div>";
  }

  private static void rect(StringBuilder s, double x, double y, double w, double h, String fill) {
    s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>", x, y, w, h, fill));
  }

  private static String percent(long part, long total) {
    return total == 0 ? "0 %" : String.format(Locale.ROOT, "%.1f %%", 100.0 * part / total);
  }

  private static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
  }

  /** Attack payloads end up in these strings: everything is escaped for HTML text and attributes. */
  static String esc(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<': out.append("&lt;"); break;
        case '>': out.append("&gt;"); break;
        case '&': out.append("&amp;"); break;
        case '"': out.append("&quot;"); break;
        case '\'': out.append("&#39;"); break;
        default: out.append(c);
      }
    }
    return out.toString();
  }
}
