// Per-probe details of the HTML run report, one collapsed <details> element
// per probe, compact so that a 1,000-probe report stays small enough to mail:
// one fact table (the probe, its SMTP submission: RFC 5321 §4.2 reply, RFC
// 3463 enhanced code, timings; its arrival at the seed: IMAP folder, UID,
// INTERNALDATE, RFC 3501; latency; the authentication verdicts and the spam
// verdict, html_auth_details.cpp), the Authentication-Results fields, the
// findings, the Received hops as a timeline (RFC 5321 §4.4) and the header
// section as received (RFC 5322 §2.2). Facts without a value are left out.
#include "html_parts.hpp"

#include <reports/report_format.hpp>

namespace inboxprobe::html {

namespace {

// Multi-line wire text (SMTP reply lines) kept as written.
std::string
wire_text(std::string_view value)
{
  return value.find('\n') == std::string_view::npos
           ? text(value)
           : "<pre class=\"wire\">" + text(value) + "</pre>";
}

// " · label value" parts joined, skipping empty values.
struct Line
{
  std::string out;

  Line&
  add(std::string_view part)
  {
    if (!part.empty() && part != "-") {
      out += (out.empty() ? "" : " \u00b7 ") + std::string(part);
    }
    return *this;
  }
};

std::string
submission_rows(const ProbeRow& row)
{
  if (!row.submission) {
    return fact_row("SMTP", "not submitted");
  }
  const Submission& s = *row.submission;
  std::string reply = std::string(to_string(s.outcome)) + " at " + std::string(to_string(s.step));
  if (s.reply.code != 0) {
    reply += ": " + std::to_string(s.reply.code) + " " + s.reply.enhanced_code;
  }
  std::string html = text(reply);
  if (!s.reply.text.empty()) {
    html += " " + wire_text(s.reply.text);
  }
  if (!s.error.empty()) {
    html += "<br>transport error: " + wire_text(s.error);
  }
  std::string rows = fact_row_html("SMTP", html);
  Line timing;
  timing.add(s.accepted_at_ms ? "accepted " + format_utc_ms(s.accepted_at_ms)
                              : "started " + format_utc_ms(s.started_at_ms));
  timing.add(s.queue_id.empty() ? "" : "queue id " + s.queue_id);
  timing.add(s.message_id.empty() ? "" : "Message-ID " + s.message_id);
  timing.add(s.attempts > 1 ? std::to_string(s.attempts) + " attempts" : "");
  timing.add(s.reused_connection ? "reused connection" : "");
  Line phases;
  phases.add(s.dns_ms >= 0 ? "DNS " + duration_or_dash(s.dns_ms) : "");
  phases.add(s.connect_ms >= 0 ? "connect " + duration_or_dash(s.connect_ms) : "");
  phases.add(s.greeting_ms >= 0 ? "greeting " + duration_or_dash(s.greeting_ms) : "");
  phases.add(s.tls_ms >= 0 ? "TLS " + duration_or_dash(s.tls_ms) : "");
  phases.add(s.end_of_data_ms >= 0 ? "end of data " + duration_or_dash(s.end_of_data_ms) : "");
  phases.add(s.total_ms >= 0 ? "session " + duration_or_dash(s.total_ms) : "");
  rows += fact_row("Sent", timing.out);
  if (!phases.out.empty()) {
    rows += fact_row("SMTP timings", phases.out);
  }
  if (!s.tls_version.empty()) {
    rows += fact_row("TLS", s.tls_version + (s.tls_cipher.empty() ? "" : " " + s.tls_cipher));
  }
  return rows;
}

// The DSN a route's bounce mailbox received for the probe (RFC 3464), when there was one.
std::string
bounce_rows(const ProbeRow& row)
{
  if (!row.result || !row.result->bounce) {
    return "";
  }
  const BounceReport& b = *row.result->bounce;
  Line dsn;
  dsn.add(b.action + (b.status.empty() ? "" : " " + b.status));
  dsn.add(b.remote_mta.empty() ? "" : "by " + b.remote_mta);
  dsn.add(b.reporting_mta.empty() ? "" : "reported by " + b.reporting_mta);
  dsn.add(b.found_at_ms ? "seen " + format_utc_ms(b.found_at_ms) : "");
  std::string rows = fact_row("Bounce (DSN)", dsn.out);
  if (!b.diagnostic.empty()) {
    rows += fact_row_html("Diagnostic", wire_text(b.diagnostic));
  }
  return rows;
}

std::string
arrival_rows(const ProbeRow& row)
{
  std::string rows;
  if (row.sighting) {
    const Sighting& s = *row.sighting;
    Line arrival;
    arrival.add(s.folder + " (" + std::string(to_string(s.role)) + ")");
    arrival.add("UID " + std::to_string(s.uid) + "/" + std::to_string(s.uidvalidity));
    arrival.add("INTERNALDATE " + format_utc_ms(s.internaldate_at * 1000));
    arrival.add("found " + format_utc_ms(s.found_at_ms));
    arrival.add(s.matched_by.empty() ? "" : "matched by " + s.matched_by);
    arrival.add(s.gmail_tab.empty() ? "" : "Gmail tab " + s.gmail_tab);
    rows += fact_row("Arrival", arrival.out);
    if (row.sighting_count > 1) {
      rows += fact_row("Times seen", std::to_string(row.sighting_count));
    }
  }
  if (row.result && row.result->latency_ms) {
    const std::int64_t resolution = row.result->latency_resolution_ms;
    rows += fact_row("Latency", probe_latency_text(row));
    rows += fact_row("Latency resolution", format_latency(resolution, resolution));
    if (row.result->detection_lag_ms) {
      rows += fact_row("Detection lag", format_latency(*row.result->detection_lag_ms, resolution));
    }
  }
  return rows;
}

std::string
findings_table(const ProbeResult& result)
{
  if (result.findings.empty()) {
    return "";
  }
  std::string out = "<table class=\"findings\">\n<caption>Findings</caption>\n<thead>"
                    + header_row({"Code", "Severity", "Message", "Evidence"})
                    + "</thead>\n<tbody>\n";
  for (const Finding& finding : result.findings) {
    out += "<tr>" + td(finding.code)
           + td_html(text(to_string(finding.severity)),
                     "sev-" + std::string(to_string(finding.severity)))
           + td(finding.message)
           + td_html(finding.evidence.empty()
                       ? std::string("-")
                       : "<pre class=\"wire\">" + text(finding.evidence) + "</pre>")
           + "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

std::string
fact_rows(const ProbeRow& row)
{
  std::string placement = placement_badge(row.placement);
  if (row.result && !row.result->folder.empty()) {
    placement += " " + text(row.result->folder);
  }
  if (!row.analysed) {
    placement += " (provisional: not analysed yet)";
  }
  std::string rows = fact_row_html("Placement", placement);
  rows += fact_row("Probe",
                   "id " + std::to_string(row.probe.id) + " \u00b7 token " + row.probe.token
                     + " \u00b7 content " + row.probe.content);
  rows += submission_rows(row) + arrival_rows(row) + bounce_rows(row);
  if (row.result) {
    rows += render_verdict_rows(*row.result);
  }
  return rows;
}

std::string
headers_block(const ProbeRow& row, bool with_headers)
{
  if (row.headers.empty() || !with_headers) {
    return "";
  }
  std::string summary = "Headers as received (" + std::to_string(row.headers.size()) + " bytes";
  summary += row.headers_truncated ? ", cut at a line end)" : ")";
  return "<details class=\"headers\"><summary>" + text(summary) + "</summary><pre class=\"wire\">"
         + text(row.headers) + "</pre></details>\n";
}

std::string
probe_details(const ProbeRow& row, bool with_headers)
{
  std::string out =
    "<details id=\"" + attr(probe_anchor(row.probe)) + "\">\n<summary>"
    + placement_badge(row.placement) + " "
    + text(row.probe.route + " \u2192 " + row.probe.seed + " \u00b7 " + row.probe.content)
    + " <span class=\"note\">probe " + text(std::to_string(row.probe.id)) + " "
    + text(probe_latency_text(row)) + "</span></summary>\n";
  out += "<table class=\"facts\">\n<tbody>\n" + fact_rows(row) + "</tbody>\n</table>\n";
  if (row.result) {
    out += render_auth_results(*row.result, with_headers && !row.headers.empty())
           + findings_table(*row.result);
  } else {
    out += "<p>Not analysed yet: no authentication or findings.</p>\n";
  }
  return out + render_hops(row) + headers_block(row, with_headers) + "</details>\n";
}

// Whether a probe's headers are worth their bytes: it did not simply land in
// the inbox, or analysis found something.
bool
worth_headers(const ProbeRow& row)
{
  if (row.placement != Placement::inbox) {
    return true;
  }
  if (!row.result) {
    return false;
  }
  for (const Finding& finding : row.result->findings) {
    if (finding.severity != Severity::info) {
      return true;
    }
  }
  return false;
}

} // namespace

std::string
render_hops(const ProbeRow& row)
{
  if (row.hops.empty()) {
    return "";
  }
  std::string out = "<h4>Received hops (first relay first)</h4>\n<ol class=\"hops\">\n";
  for (const ReportHop& hop : row.hops) {
    Line line;
    line.add(std::string(or_dash(hop.from)) + " \u2192 " + std::string(or_dash(hop.by)));
    line.add(std::string(or_dash(hop.with)) + (hop.tls ? " (TLS)" : " (no TLS)"));
    line.add(hop.at_s ? format_utc_ms(*hop.at_s * 1000) : std::string("no date"));
    if (hop.delay_ms) {
      // A negative delay (clock skew between the hops) keeps its sign.
      line.add((*hop.delay_ms >= 0 ? "+" : "") + format_latency(*hop.delay_ms, 1000));
    }
    out += std::string("<li class=\"") + (hop.tls ? "tls" : "plain") + "\">" + text(line.out)
           + "</li>\n";
  }
  return out + "</ol>\n";
}

std::string
render_probe_details(const RunReport& report)
{
  const bool all_headers = report.probes.size() <= k_all_headers_up_to;
  std::string out = "<section id=\"probes\">\n<h2>Probes</h2>\n";
  if (!all_headers) {
    out += "<p class=\"note\">With more than " + std::to_string(k_all_headers_up_to)
           + " probes, the headers as received are shown only for probes that are not in the "
             "inbox or have a warning or error; the full messages stay in the history.</p>\n";
  }
  for (const ProbeRow& row : report.probes) {
    out += probe_details(row, all_headers || worth_headers(row));
  }
  return out + "</section>\n";
}

} // namespace inboxprobe::html
