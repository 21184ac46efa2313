// Per-probe details of the HTML run report, one collapsed <details> element
// per probe: the probe, its SMTP submission (RFC 5321 §4.2 reply, RFC 3463
// enhanced code), its arrival at the seed (IMAP folder, UID, INTERNALDATE,
// RFC 3501), latency, authentication (html_auth_details.cpp), findings, the
// Received hops as a timeline (RFC 5321 §4.4) and the header section as
// received (RFC 5322 §2.2).
#include "html_parts.hpp"

#include <reports/report_format.hpp>

namespace inboxprobe::html {

namespace {

std::string
fact_table(std::string_view caption, const std::string& rows)
{
  return "<table class=\"facts\">\n<caption>" + text(caption) + "</caption>\n<tbody>\n" + rows
         + "</tbody>\n</table>\n";
}

// Multi-line wire text (SMTP reply lines, raw header fields) kept as written.
std::string
wire_text(std::string_view value)
{
  return value.empty() ? std::string("-") : "<pre class=\"wire\">" + text(value) + "</pre>";
}

std::string
probe_table(const ProbeRow& row)
{
  std::string rows = fact_row("Probe id", std::to_string(row.probe.id));
  rows += fact_row("Token", row.probe.token);
  rows += fact_row("Route", row.probe.route);
  rows += fact_row("Seed", row.probe.seed);
  rows += fact_row("Content", row.probe.content);
  std::string placement = placement_badge(row.placement);
  if (!row.analysed) {
    placement += " (provisional: not analysed yet)";
  }
  rows += fact_row_html("Placement", placement);
  if (row.result) {
    rows += fact_row("Folder", or_dash(row.result->folder));
  }
  return fact_table("Probe", rows);
}

std::string
submission_table(const ProbeRow& row)
{
  if (!row.submission) {
    return "<p>Not submitted.</p>\n";
  }
  const Submission& s = *row.submission;
  std::string rows = fact_row("Outcome", to_string(s.outcome));
  rows += fact_row("Decided at step", to_string(s.step));
  rows += fact_row("Reply code", s.reply.code == 0 ? "none" : std::to_string(s.reply.code));
  rows += fact_row("Enhanced code", or_dash(s.reply.enhanced_code));
  rows += fact_row_html("Reply text", wire_text(s.reply.text));
  rows += fact_row_html("Transport error", wire_text(s.error));
  rows += fact_row("Queue id", or_dash(s.queue_id));
  rows += fact_row("Message-ID", or_dash(s.message_id));
  rows += fact_row("Started", format_utc_ms(s.started_at_ms));
  rows += fact_row("Accepted", format_utc_ms(s.accepted_at_ms));
  rows += fact_row("TCP connect", duration_or_dash(s.connect_ms));
  rows += fact_row("TLS handshake", duration_or_dash(s.tls_ms));
  rows += fact_row("TLS version", or_dash(s.tls_version));
  rows += fact_row("Whole session", duration_or_dash(s.total_ms));
  return fact_table("SMTP submission", rows);
}

std::string
arrival_table(const ProbeRow& row)
{
  std::string rows;
  if (!row.sighting) {
    rows += fact_row("Seen", "no sighting recorded");
  } else {
    const Sighting& s = *row.sighting;
    rows += fact_row("Folder", s.folder);
    rows += fact_row("Folder role", to_string(s.role));
    rows +=
      fact_row("UID / UIDVALIDITY", std::to_string(s.uid) + " / " + std::to_string(s.uidvalidity));
    rows += fact_row("INTERNALDATE", format_utc_ms(s.internaldate_at * 1000));
    rows += fact_row("Found", format_utc_ms(s.found_at_ms));
    rows += fact_row("Matched by", or_dash(s.matched_by));
    rows += fact_row("Times seen", std::to_string(row.sighting_count));
  }
  rows += fact_row("Latency", probe_latency_text(row));
  if (row.result) {
    const std::int64_t resolution = row.result->latency_resolution_ms;
    rows += fact_row("Latency resolution", format_latency(resolution, resolution));
    rows += fact_row("Detection lag",
                     row.result->detection_lag_ms
                       ? format_latency(*row.result->detection_lag_ms, resolution)
                       : "-");
  }
  return fact_table("Arrival", rows);
}

std::string
findings_table(const ProbeResult& result)
{
  if (result.findings.empty()) {
    return "<p>No findings.</p>\n";
  }
  std::string out =
    "<table class=\"findings\">\n<caption>Findings</caption>\n"
    "<thead>"
    + header_row({"Code", "Severity", "Message", "Evidence"}) + "</thead>\n<tbody>\n";
  for (const Finding& finding : result.findings) {
    out += "<tr>" + td(finding.code)
           + td_html(text(to_string(finding.severity)),
                     "sev-" + std::string(to_string(finding.severity)))
           + td(finding.message) + td_html(wire_text(finding.evidence)) + "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

std::string
headers_block(const ProbeRow& row)
{
  if (row.headers.empty()) {
    return "";
  }
  std::string summary = "Headers as received (" + std::to_string(row.headers.size()) + " bytes";
  summary += row.headers_truncated ? ", cut at a line end)" : ")";
  return "<details class=\"headers\"><summary>" + text(summary) + "</summary><pre class=\"wire\">"
         + text(row.headers) + "</pre></details>\n";
}

std::string
probe_details(const ProbeRow& row)
{
  std::string out =
    "<details id=\"" + attr(probe_anchor(row.probe)) + "\">\n<summary>"
    + placement_badge(row.placement) + " "
    + text(row.probe.route + " \u2192 " + row.probe.seed + " \u00b7 " + row.probe.content)
    + " <span class=\"note\">probe " + text(std::to_string(row.probe.id))
    + "</span></summary>\n<div class=\"detail\">\n";
  out += probe_table(row) + submission_table(row) + arrival_table(row);
  if (row.result) {
    out += render_auth_results(*row.result) + render_dkim_comparison(*row.result)
           + render_spam_verdict(*row.result) + findings_table(*row.result);
  } else {
    out += "<p>Not analysed yet: no authentication or findings.</p>\n";
  }
  out += render_hops(row);
  return out + "</div>\n" + headers_block(row) + "</details>\n";
}

} // namespace

std::string
render_hops(const ProbeRow& row)
{
  if (row.hops.empty()) {
    return "";
  }
  std::string out =
    "<div class=\"timeline\"><h4>Received hops (first relay first)</h4>\n<ol "
    "class=\"hops\">\n";
  for (const ReportHop& hop : row.hops) {
    std::string line = std::string(or_dash(hop.from)) + " \u2192 " + std::string(or_dash(hop.by))
                       + " \u00b7 " + std::string(or_dash(hop.with));
    line += hop.tls ? " (TLS)" : " (no TLS)";
    line += " \u00b7 " + (hop.at_s ? format_utc_ms(*hop.at_s * 1000) : std::string("no date"));
    if (hop.delay_ms) {
      // A negative delay (clock skew between the hops) keeps its sign.
      line += std::string(" \u00b7 ") + (*hop.delay_ms >= 0 ? "+" : "")
              + format_latency(*hop.delay_ms, 1000);
    }
    out +=
      std::string("<li class=\"") + (hop.tls ? "tls" : "plain") + "\">" + text(line) + "</li>\n";
  }
  return out + "</ol></div>\n";
}

std::string
render_probe_details(const RunReport& report)
{
  std::string out = "<section id=\"probes\">\n<h2>Probes</h2>\n";
  for (const ProbeRow& row : report.probes) {
    out += probe_details(row);
  }
  return out + "</section>\n";
}

} // namespace inboxprobe::html
