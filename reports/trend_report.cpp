// The trend report: runs of a period summed per route and per route x
// provider, and rendered as HTML (with the trend charts) and JSON.
#include "trend_report.hpp"

#include "html_parts.hpp"
#include "json_parts.hpp"
#include "run_report_parts.hpp"

#include <reports/report_format.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

namespace inboxprobe {

namespace {

using nlohmann::json;

std::size_t
index_in(std::vector<std::string>& names, const std::string& name)
{
  const auto it = std::find(names.begin(), names.end(), name);
  if (it != names.end()) {
    return static_cast<std::size_t>(it - names.begin());
  }
  names.push_back(name);
  return names.size() - 1;
}

// Route and provider totals and the provider matrix over `outcomes`.
void
sum_period(TrendReport& report,
           const std::map<std::string, const Run*>& runs,
           const std::vector<ProbeOutcome>& outcomes)
{
  std::vector<std::string> routes = trend_routes(report.points);
  std::map<std::string, std::vector<std::int64_t>> samples;
  std::vector<std::vector<PlacementCounts>>& matrix = report.provider_matrix;
  for (const ProbeOutcome& outcome : outcomes) {
    const auto run = runs.find(outcome.run_id);
    if (run == runs.end()) {
      continue;
    }
    std::string provider = "unknown";
    for (const RunSeed& seed : run->second->seeds) {
      if (seed.address == outcome.seed && !seed.provider.empty()) {
        provider = seed.provider;
      }
    }
    const std::size_t r = index_in(routes, outcome.route);
    const std::size_t p = index_in(report.providers, provider);
    matrix.resize(std::max(matrix.size(), r + 1));
    matrix[r].resize(std::max(matrix[r].size(), p + 1));
    const Placement placement = outcome.placement.value_or(Placement::pending);
    matrix[r][p].add(placement);
    report.overall.add(placement);
    if (is_found_placement(placement) && outcome.latency_ms) {
      samples[outcome.route].push_back(*outcome.latency_ms);
    }
  }
  for (std::vector<PlacementCounts>& row : matrix) {
    row.resize(report.providers.size());
  }
  matrix.resize(routes.size(), std::vector<PlacementCounts>(report.providers.size()));
  for (std::size_t r = 0; r < routes.size(); ++r) {
    RouteTrendPoint total{routes[r], {}, 0, std::nullopt, std::nullopt};
    for (const PlacementCounts& cell : matrix[r]) {
      total.counts.add(cell);
    }
    std::vector<std::int64_t>& values = samples[routes[r]];
    total.latency_samples = static_cast<int>(values.size());
    total.latency_p50_ms = nearest_rank_percentile(values, 50);
    total.latency_p95_ms = nearest_rank_percentile(values, 95);
    report.routes.push_back(std::move(total));
  }
}

std::string
runs_table(const TrendReport& report)
{
  std::string out =
    "<table class=\"runs\">\n<caption>Runs</caption>\n<thead>"
    + html::header_row({"Date", "Run", "Probes", "Inbox", "Spam", "Missing", "Rejected"})
    + "</thead>\n<tbody>\n";
  for (const TrendPoint& point : report.points) {
    out += "<tr>" + html::td(format_utc_ms(point.started_at_ms)) + html::td(point.run_id)
           + html::td(std::to_string(point.overall.total()));
    for (const Placement placement : headline_placements()) {
      out += html::td(format_rate(point.overall.rate(placement)));
    }
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

} // namespace

TrendReport
build_trend_report(const std::vector<Run>& runs,
                   const std::vector<ProbeOutcome>& outcomes,
                   std::int64_t since_ms,
                   std::int64_t generated_at_ms)
{
  TrendReport report;
  report.since_ms = since_ms;
  report.generated_at_ms = generated_at_ms;
  std::vector<Run> period;
  std::map<std::string, const Run*> by_id;
  for (const Run& run : runs) {
    if (run.started_at_ms >= since_ms) {
      period.push_back(run);
    }
  }
  for (const Run& run : period) {
    by_id[run.id] = &run;
  }
  report.points = build_trend(period, outcomes);
  sum_period(report, by_id, outcomes);
  return report;
}

std::string
render_trend_html(const TrendReport& report)
{
  const std::string title = "inboxprobe trends since " + format_utc_ms(report.since_ms);
  std::string out = html::document_head(title) + "<body>\n<header>\n<h1>" + html::text(title)
                    + "</h1>\n<p class=\"lead\">"
                    + html::text(std::to_string(report.points.size()) + " runs, "
                                 + std::to_string(report.overall.total())
                                 + " probes: " + format_counts(report.overall))
                    + "</p>\n</header>\n";
  std::vector<std::string> routes;
  std::string rows;
  for (const RouteTrendPoint& route : report.routes) {
    routes.push_back(route.route);
    rows += "<tr><th scope=\"row\">" + html::text(route.route) + "</th>"
            + html::td(std::to_string(route.counts.total()))
            + html::td(format_rate(route.counts.rate(Placement::inbox)))
            + html::td(route.latency_p50_ms ? format_latency(*route.latency_p50_ms, 1000) : "-")
            + html::td(route.latency_p95_ms ? format_latency(*route.latency_p95_ms, 1000) : "-")
            + "</tr>\n";
  }
  out += "<section id=\"matrix\">\n<h2>The period by route and mailbox provider</h2>\n"
         + html::matrix_table("Route x mailbox provider",
                              routes,
                              report.providers,
                              std::vector<std::string>(report.providers.size()),
                              report.provider_matrix)
         + std::string(html::matrix_note()) + "<table class=\"routes\">\n<caption>Routes over the "
         + "period</caption>\n<thead>"
         + html::header_row({"Route", "Probes", "Inbox", "Latency p50", "p95"})
         + "</thead>\n<tbody>\n" + rows + "</tbody>\n</table>\n</section>\n";
  out += html::render_trends(report.points, "Trends per night");
  out += "<section id=\"runs\">\n<h2>Runs</h2>\n" + runs_table(report) + "</section>\n";
  return out + "<footer class=\"note\">Generated by inboxprobe at "
         + html::text(format_utc_ms(report.generated_at_ms))
         + ". The same data is available as JSON (schema inboxprobe.trend-report/1).</footer>\n"
           "</body>\n</html>\n";
}

std::string
render_trend_json(const TrendReport& report)
{
  json doc = {{"schema", k_trend_report_schema},
              {"generated_at_ms", report.generated_at_ms},
              {"since_ms", report.since_ms},
              {"overall", json_parts::counts(report.overall)},
              {"routes", json::array()},
              {"providers", report.providers},
              {"provider_matrix", json::array()},
              {"runs", json::array()}};
  for (const RouteTrendPoint& route : report.routes) {
    doc["routes"].push_back(json_parts::route_point(route));
  }
  for (std::size_t r = 0; r < report.routes.size(); ++r) {
    for (std::size_t p = 0; p < report.providers.size(); ++p) {
      doc["provider_matrix"].push_back(
        {{"route", report.routes[r].route},
         {"provider", report.providers[p]},
         {"counts", json_parts::counts(report.provider_matrix[r][p])}});
    }
  }
  for (const TrendPoint& point : report.points) {
    doc["runs"].push_back(json_parts::trend_point(point));
  }
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

} // namespace inboxprobe
