// The summary sections of the HTML run report: the headline (run facts and
// overall placement), the route x seed placement matrix, the per-route
// summary and the latency tables with their charts.
#include "html_parts.hpp"

#include <reports/report_format.hpp>

#include <array>

namespace inboxprobe::html {

namespace {

constexpr std::array<Placement, 6> k_placements = {Placement::inbox,
                                                   Placement::spam,
                                                   Placement::other,
                                                   Placement::missing,
                                                   Placement::rejected,
                                                   Placement::pending};

// "2 (66.7 %)": a count with its share of `counts`.
std::string
count_and_rate(const PlacementCounts& counts, Placement placement)
{
  return std::to_string(counts.count(placement)) + " (" + format_rate(counts.rate(placement)) + ")";
}

std::string
optional_latency(const std::optional<std::int64_t>& ms, std::int64_t resolution_ms)
{
  return ms ? format_latency(*ms, resolution_ms) : "-";
}

// "3 / 4": passes out of the probes whose provider verdict we have.
std::string
passes(int pass, int seen)
{
  return std::to_string(pass) + " / " + std::to_string(seen);
}

std::string
overall_table(const PlacementCounts& overall)
{
  std::string out = "<table class=\"overall\">\n<caption>Placement of all "
                    + std::to_string(overall.total()) + " probes</caption>\n<thead>"
                    + header_row({"Placement", "Probes", "Rate"}) + "</thead>\n<tbody>\n";
  for (const Placement placement : k_placements) {
    out += "<tr>" + td_html(placement_badge(placement))
           + td(std::to_string(overall.count(placement))) + td(format_rate(overall.rate(placement)))
           + "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

std::string
route_row(const RouteSummary& route)
{
  std::string out = "<tr><th scope=\"row\">" + text(route.route) + "</th>"
                    + td(std::to_string(route.counts.total()));
  for (const Placement placement : k_placements) {
    out += td(count_and_rate(route.counts, placement));
  }
  const std::int64_t resolution = route.latency_resolution_ms;
  return out + td(optional_latency(route.latency_p50_ms, resolution))
         + td(optional_latency(route.latency_p95_ms, resolution))
         + td(optional_latency(route.latency_max_ms, resolution))
         + td(passes(route.dkim_pass, route.auth_seen))
         + td(passes(route.spf_pass, route.auth_seen))
         + td(passes(route.dmarc_pass, route.auth_seen)) + td(std::to_string(route.findings))
         + "</tr>\n";
}

} // namespace

std::string
render_headline(const RunReport& report)
{
  const Run& run = report.run;
  std::string out =
    "<header>\n<h1>inboxprobe run " + text(run.id) + "</h1>\n<table class=\"facts\">\n<tbody>\n";
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
  out += "</tbody>\n</table>\n";
  return out + overall_table(report.overall) + "</header>\n";
}

std::string
render_matrix(const RunReport& report)
{
  std::string out =
    "<section id=\"matrix\">\n<h2>Placement by route and seed</h2>\n"
    "<table class=\"matrix\">\n<thead><tr><th scope=\"col\">Route \\ "
    "seed</th>";
  for (const RunSeed& seed : report.seeds) {
    out += "<th scope=\"col\">" + text(seed.address);
    if (!seed.provider.empty()) {
      out += "<br><span class=\"note\">" + text(seed.provider) + "</span>";
    }
    out += "</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (std::size_t r = 0; r < report.routes.size(); ++r) {
    out += "<tr><th scope=\"row\">" + text(report.routes[r].route) + "</th>";
    for (const PlacementCounts& cell : report.matrix[r]) {
      out += td_html(text(format_counts(cell)), counts_class(cell));
    }
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n</section>\n";
}

std::string
render_route_summaries(const RunReport& report)
{
  std::string out =
    "<section id=\"routes\">\n<h2>Routes</h2>\n<table class=\"routes\">\n"
    "<thead>"
    + header_row({"Route",
                  "Probes",
                  "Inbox",
                  "Spam",
                  "Other",
                  "Missing",
                  "Rejected",
                  "Pending",
                  "Latency p50",
                  "p95",
                  "max",
                  "DKIM pass",
                  "SPF pass",
                  "DMARC pass",
                  "Findings"})
    + "</thead>\n<tbody>\n";
  for (const RouteSummary& route : report.routes) {
    out += route_row(route);
  }
  out +=
    "</tbody>\n</table>\n<p class=\"note\">Rates are shares of the "
    "route's probes. Latency is arrival at the seed minus acceptance by "
    "the route, over the found probes; p50 and p95 are nearest-rank "
    "percentiles. Seed timestamps have 1 s resolution, so latencies are "
    "rounded to seconds and a difference below it reads &lt; 1 s. Pass "
    "counts are the providers' verdicts (trusted Authentication-Results) "
    "out of the probes that carried one.</p>\n";
  return out + "</section>\n";
}

std::string
render_latency(const RunReport& report)
{
  std::string out = "<section id=\"latency\">\n<h2>Latency</h2>\n";
  for (const RouteSummary& route : report.routes) {
    std::vector<const ProbeRow*> rows;
    for (const ProbeRow& row : report.probes) {
      const bool found = row.placement == Placement::inbox || row.placement == Placement::spam
                         || row.placement == Placement::other;
      if (row.probe.route == route.route && found && row.result && row.result->latency_ms) {
        rows.push_back(&row);
      }
    }
    out += "<h3>" + text(route.route) + "</h3>\n";
    out += rows.empty() ? "<p>No probe of this route arrived yet.</p>\n"
                        : render_latency_chart(route, rows);
  }
  out +=
    "<table class=\"latency\">\n<thead>"
    + header_row({"Route", "Seed", "Content", "Placement", "Latency", "Detection lag", "Details"})
    + "</thead>\n<tbody>\n";
  for (const ProbeRow& row : report.probes) {
    // Detection lag is measured from the same 1 s arrival timestamp.
    const std::string lag =
      row.result && row.result->detection_lag_ms
        ? format_latency(*row.result->detection_lag_ms, row.result->latency_resolution_ms)
        : "-";
    out += "<tr>" + td(row.probe.route) + td(row.probe.seed) + td(row.probe.content)
           + td_html(placement_badge(row.placement)) + td(probe_latency_text(row)) + td(lag)
           + "<td><a href=\"#" + attr(probe_anchor(row.probe)) + "\">probe "
           + text(std::to_string(row.probe.id)) + "</a></td></tr>\n";
  }
  return out + "</tbody>\n</table>\n</section>\n";
}

} // namespace inboxprobe::html
