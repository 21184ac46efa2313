// The analysis sections of the HTML run report: latency (a histogram per
// route and the slowest Received hops, RFC 5321 §4.4), the findings grouped by
// code and severity with fix advice, and the trends across runs.
#include "html_parts.hpp"

#include <reports/report_format.hpp>

#include <algorithm>

namespace inboxprobe::html {

namespace {

// At most this many probe links per finding group; the rest are counted.
constexpr std::size_t k_max_probe_links = 30;

std::string
hop_text(const ReportHop& hop)
{
  return std::string(or_dash(hop.from)) + " \u2192 " + std::string(or_dash(hop.by));
}

std::string
slowest_hops_table(const RunReport& report)
{
  if (report.slowest_hops.empty()) {
    return "<p>No hop delays known (no Received dates, or raw messages pruned).</p>\n";
  }
  std::string out =
    "<table class=\"hops\">\n<caption>Slowest hops (Received dates, 1 s resolution)</caption>\n"
    "<thead>"
    + header_row({"Delay", "Route", "Hop", "Protocol", "Probe"}) + "</thead>\n<tbody>\n";
  for (const SlowHop& slow : report.slowest_hops) {
    out += "<tr>" + td(format_latency(*slow.hop.delay_ms, 1000)) + td(slow.route)
           + td(hop_text(slow.hop)) + td(or_dash(slow.hop.with))
           + td_html(probe_link(slow.probe_id)) + "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

std::string
probe_links(const std::vector<std::int64_t>& ids)
{
  std::string out;
  for (std::size_t i = 0; i < ids.size() && i < k_max_probe_links; ++i) {
    out += (i == 0 ? "" : ", ") + probe_link(ids[i]);
  }
  if (ids.size() > k_max_probe_links) {
    out += " and " + std::to_string(ids.size() - k_max_probe_links) + " more";
  }
  return out;
}

std::string
percent(double value)
{
  return format_rate(value / 100.0);
}

} // namespace

std::string
render_latency(const RunReport& report)
{
  std::string out = "<section id=\"latency\">\n<h2>Latency</h2>\n";
  for (const RouteSummary& route : report.routes) {
    std::vector<std::int64_t> samples;
    for (const ProbeRow& row : report.probes) {
      const bool found = row.placement == Placement::inbox || row.placement == Placement::spam
                         || row.placement == Placement::other;
      if (row.probe.route == route.route && found && row.result && row.result->latency_ms) {
        samples.push_back(*row.result->latency_ms);
      }
    }
    out += "<h3>" + text(route.route) + "</h3>\n";
    out += samples.empty() ? "<p>No probe of this route arrived yet.</p>\n"
                           : render_latency_histogram(route.route, std::move(samples));
  }
  return out + slowest_hops_table(report) + "</section>\n";
}

std::string
render_findings(const RunReport& report)
{
  std::string out = "<section id=\"findings\">\n<h2>Findings</h2>\n";
  if (report.findings.empty()) {
    return out + "<p>No findings.</p>\n</section>\n";
  }
  out += "<table class=\"findings\">\n<thead>"
         + header_row({"Severity", "Code", "Probes", "Message", "Fix", "Affected probes"})
         + "</thead>\n<tbody>\n";
  for (const FindingGroup& group : report.findings) {
    const std::string severity(to_string(group.severity));
    out += "<tr>" + td_html(text(severity), "sev-" + severity) + td(group.code)
           + td(std::to_string(group.probe_ids.size())) + td(group.message) + td(group.advice)
           + td_html(probe_links(group.probe_ids)) + "</tr>\n";
  }
  return out + "</tbody>\n</table>\n</section>\n";
}

std::string
render_trends(const std::vector<TrendPoint>& points, std::string_view heading)
{
  std::string out = "<section id=\"trends\">\n<h2>" + text(heading) + "</h2>\n";
  if (points.empty()) {
    return out + "<p>No runs in the history.</p>\n</section>\n";
  }
  LineChart inbox{"Inbox % per route", "Run start (UTC date)", "Inbox %", {}, {}, 100, percent};
  LineChart p95{
    "p95 latency per route", "Run start (UTC date)", "p95 latency", {}, {}, 0, [](double ms) {
      // The axis origin is a value, not a sub-second arrival.
      return ms <= 0 ? std::string("0 s") : format_latency(static_cast<std::int64_t>(ms), 1000);
    }};
  for (const TrendPoint& point : points) {
    inbox.x_labels.push_back(format_date_ms(point.started_at_ms).substr(5));
  }
  p95.x_labels = inbox.x_labels;
  std::string rows;
  for (const std::string& route : trend_routes(points)) {
    ChartSeries inbox_series{route, {}};
    ChartSeries p95_series{route, {}};
    for (const TrendPoint& point : points) {
      const RouteTrendPoint* r = find_route(point, route);
      const bool has_probes = r != nullptr && r->counts.total() > 0;
      inbox_series.values.push_back(
        has_probes ? std::optional<double>(100.0 * r->counts.rate(Placement::inbox))
                   : std::nullopt);
      p95_series.values.push_back(
        r && r->latency_p95_ms ? std::optional<double>(double(*r->latency_p95_ms)) : std::nullopt);
      rows += "<tr>" + td(format_date_ms(point.started_at_ms)) + td(point.run_id) + td(route)
              + td(has_probes ? format_rate(r->counts.rate(Placement::inbox)) : "-")
              + td(r && r->latency_p95_ms ? format_latency(*r->latency_p95_ms, 1000) : "-")
              + "</tr>\n";
    }
    inbox.series.push_back(std::move(inbox_series));
    p95.series.push_back(std::move(p95_series));
  }
  out += render_line_chart(inbox) + render_line_chart(p95);
  out += "<details class=\"numbers\"><summary>The numbers</summary>\n<table>\n<thead>"
         + header_row({"Date", "Run", "Route", "Inbox", "p95 latency"}) + "</thead>\n<tbody>\n"
         + rows + "</tbody>\n</table>\n</details>\n";
  return out + "</section>\n";
}

} // namespace inboxprobe::html
