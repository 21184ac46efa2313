// The summary sections of the HTML run report: the headline (run facts, the
// headline rates against the previous run and the 7-night average), the
// alerts, the route x provider and route x seed placement matrices, and the
// per-route summary.
#include "html_parts.hpp"

#include <reports/report_format.hpp>

namespace inboxprobe::html {

namespace {

// Route x seed matrices wider than this are left to the provider matrix.
constexpr std::size_t k_max_seed_columns = 24;

// "3 / 4 (75.0 %)": passes out of the probes that had a verdict.
std::string
share(int part, int whole)
{
  if (whole == 0) {
    return "-";
  }
  return std::to_string(part) + " / " + std::to_string(whole) + " ("
         + format_rate(static_cast<double>(part) / whole) + ")";
}

std::string
optional_latency(const std::optional<std::int64_t>& ms, std::int64_t resolution_ms)
{
  return ms ? format_latency(*ms, resolution_ms) : "-";
}

// "12.5 % (+2.0 pp)": a rate then and the change to now.
std::string
then_and_change(std::optional<double> then, double now)
{
  if (!then) {
    return "-";
  }
  return format_rate(*then) + " (" + format_rate_change(now - *then) + ")";
}

std::string
headline_table(const RunReport& report)
{
  const RunComparison& cmp = report.comparison;
  const std::string previous_label =
    cmp.previous ? "Previous run " + cmp.previous->run_id : std::string("Previous run");
  const std::string week_label =
    "7-night average (" + std::to_string(cmp.week_runs) + (cmp.week_runs == 1 ? " run)" : " runs)");
  std::string out = "<table class=\"headline\">\n<caption>Placement of all "
                    + std::to_string(report.overall.total()) + " probes</caption>\n<thead>"
                    + header_row({"Placement", "Probes", "Rate", previous_label, week_label})
                    + "</thead>\n<tbody>\n";
  for (const Placement placement : placement_columns(report.overall)) {
    const double now = report.overall.rate(placement);
    std::optional<double> previous;
    if (cmp.previous) {
      previous = cmp.previous->overall.rate(placement);
    }
    std::optional<double> week;
    if (cmp.week_runs > 0) {
      const auto it = cmp.week_average_rates.find(placement);
      week = it == cmp.week_average_rates.end() ? 0.0 : it->second;
    }
    out += "<tr>" + td_html(placement_badge(placement))
           + td(std::to_string(report.overall.count(placement))) + td(format_rate(now))
           + td(then_and_change(previous, now)) + td(then_and_change(week, now)) + "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

// "Inbox 80.0 % · spam 10.0 % · missing 5.0 % · rejected 5.0 %".
std::string
headline_line(const PlacementCounts& overall)
{
  std::string out;
  for (const Placement placement : headline_placements()) {
    out += (out.empty() ? "" : " \u00b7 ") + std::string(to_string(placement)) + " "
           + format_rate(overall.rate(placement));
  }
  return out;
}

const char* const k_matrix_note_text =
  "<p class=\"note\">Each cell lists its probes by placement; the second line is the "
  "inbox rate. Cell borders: solid = all in the inbox, dashed = some in spam or another "
  "folder, double = some missing or rejected, dotted = some still pending.</p>\n";

} // namespace

std::string_view
matrix_note()
{
  return k_matrix_note_text;
}

std::string
matrix_table(std::string_view caption,
             const std::vector<std::string>& rows,
             const std::vector<std::string>& columns,
             const std::vector<std::string>& notes,
             const std::vector<std::vector<PlacementCounts>>& cells)
{
  std::string out = "<table class=\"matrix\">\n<caption>" + text(caption)
                    + "</caption>\n<thead><tr><th scope=\"col\">Route</th>";
  for (std::size_t c = 0; c < columns.size(); ++c) {
    out += "<th scope=\"col\">" + text(columns[c]);
    if (!notes[c].empty()) {
      out += "<br><span class=\"note\">" + text(notes[c]) + "</span>";
    }
    out += "</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (std::size_t r = 0; r < rows.size(); ++r) {
    out += "<tr><th scope=\"row\">" + text(rows[r]) + "</th>";
    for (const PlacementCounts& cell : cells[r]) {
      out += counts_cell(cell);
    }
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

namespace {

std::string
route_row(const RouteSummary& route, const std::vector<Placement>& columns)
{
  std::string out = "<tr><th scope=\"row\">" + text(route.route) + "</th>"
                    + td(std::to_string(route.counts.total()));
  for (const Placement placement : columns) {
    out += td(std::to_string(route.counts.count(placement)) + " ("
              + format_rate(route.counts.rate(placement)) + ")");
  }
  const std::int64_t resolution = route.latency_resolution_ms;
  return out + td(optional_latency(route.latency_p50_ms, resolution))
         + td(optional_latency(route.latency_p95_ms, resolution))
         + td(optional_latency(route.latency_max_ms, resolution))
         + td(share(route.dkim_pass, route.auth_seen)) + td(share(route.spf_pass, route.auth_seen))
         + td(share(route.dmarc_pass, route.auth_seen))
         + td(share(route.tls_all_hops, route.hop_probes)) + td(std::to_string(route.findings))
         + "</tr>\n";
}

} // namespace

std::string
render_headline(const RunReport& report)
{
  const Run& run = report.run;
  std::string out = "<header>\n<h1>inboxprobe run " + text(run.id) + "</h1>\n<p class=\"lead\">"
                    + text(headline_line(report.overall))
                    + "</p>\n<table class=\"facts\">\n<tbody>\n";
  out += fact_row("Run", run.id);
  out += fact_row("Campaign", run.campaign);
  out += fact_row("State", run.state);
  out += fact_row("Started", format_utc_ms(run.started_at_ms));
  out += fact_row("Deadline", format_utc_ms(run.deadline_at_ms));
  out += fact_row("Finished", format_utc_ms(run.finished_at_ms));
  out += fact_row("Report generated", format_utc_ms(report.generated_at_ms));
  out +=
    fact_row("Routes x seeds",
             std::to_string(report.routes.size()) + " x " + std::to_string(report.seeds.size()));
  if (report.raw_pruned_at_ms > 0) {
    out += fact_row("Raw messages",
                    "pruned by retention at " + format_utc_ms(report.raw_pruned_at_ms)
                      + " (headers and hops are no longer available)");
  }
  out += "</tbody>\n</table>\n";
  return out + headline_table(report) + "</header>\n";
}

std::string
render_alerts(const RunReport& report)
{
  std::string out = "<section id=\"alerts\">\n<h2>Alerts</h2>\n";
  if (report.alerts.empty()) {
    return out + "<p>No alerts.</p>\n</section>\n";
  }
  out += "<ul class=\"alerts\">\n";
  for (const ReportAlert& alert : report.alerts) {
    const std::string severity(to_string(alert.severity));
    out += "<li class=\"sev-" + severity + "\"><span class=\"badge\">" + text(severity) + "</span> "
           + text(alert.message) + "</li>\n";
  }
  return out + "</ul>\n</section>\n";
}

std::string
render_matrix(const RunReport& report)
{
  std::vector<std::string> routes;
  for (const RouteSummary& route : report.routes) {
    routes.push_back(route.route);
  }
  std::string out = "<section id=\"matrix\">\n<h2>Placement by route and mailbox provider</h2>\n";
  out += matrix_table("Route x mailbox provider",
                      routes,
                      report.providers,
                      std::vector<std::string>(report.providers.size()),
                      report.provider_matrix);
  if (report.seeds.size() <= k_max_seed_columns) {
    std::vector<std::string> seeds;
    std::vector<std::string> providers;
    for (const RunSeed& seed : report.seeds) {
      seeds.push_back(seed.address);
      providers.push_back(seed.provider);
    }
    out += matrix_table("Route x seed", routes, seeds, providers, report.matrix);
  }
  return out + k_matrix_note_text + "</section>\n";
}

std::string
render_route_summaries(const RunReport& report)
{
  const std::vector<Placement> columns = placement_columns(report.overall);
  std::string out =
    "<section id=\"routes\">\n<h2>Routes</h2>\n<table class=\"routes\">\n<thead><tr>"
    "<th scope=\"col\">Route</th><th scope=\"col\">Probes</th>";
  for (const Placement placement : columns) {
    out += "<th scope=\"col\">" + text(to_string(placement)) + "</th>";
  }
  for (const char* label : {"Latency p50",
                            "p95",
                            "max",
                            "DKIM pass",
                            "SPF pass",
                            "DMARC pass",
                            "TLS on every hop",
                            "Findings"}) {
    out += "<th scope=\"col\">" + text(label) + "</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (const RouteSummary& route : report.routes) {
    out += route_row(route, columns);
  }
  out +=
    "</tbody>\n</table>\n<p class=\"note\">Rates are shares of the route's probes. Latency is "
    "arrival at the seed minus acceptance by the route, over the found probes; p50 and p95 are "
    "nearest-rank percentiles. Seed timestamps have 1 s resolution, so latencies are rounded to "
    "seconds and a difference below it reads &lt; 1 s. Pass rates are the providers' verdicts "
    "(trusted Authentication-Results) out of the probes that carried one. TLS on every hop counts "
    "the probes whose Received chain is known and names a TLS protocol (RFC 3848: ESMTPS, "
    "ESMTPSA, LMTPS) on every hop.</p>\n";
  return out + "</section>\n";
}

} // namespace inboxprobe::html
