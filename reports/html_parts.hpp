// Building blocks of the HTML run report, shared by its section renderers
// (html_sections.cpp, svg_chart.cpp, html_probe_details.cpp). Internal to
// reports/: only html_report.hpp is the public entry point.
//
// Convention: a parameter named `text` is plain text and is escaped here; a
// parameter named `html` is markup the caller has already built from escaped
// parts. CSS class names are fixed tokens chosen here, never mail data.
#pragma once

#include <reports/run_report.hpp>

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inboxprobe::html {

// escape_html_text / escape_html_attribute, short names for the renderers.
std::string text(std::string_view text);
std::string attr(std::string_view text);

// "<td>text</td>", escaped.
std::string td(std::string_view text);
// "<td class=...>html</td>"; `css_class` is one of the fixed class tokens.
std::string td_html(std::string_view html, std::string_view css_class = {});
// A header row of column labels (`<tr><th scope="col">...`).
std::string header_row(std::initializer_list<std::string_view> labels);
// A row of a two-column fact table: `label` (a fixed caption) and `text`.
std::string fact_row(std::string_view label, std::string_view text);
// Same, with a value already in HTML.
std::string fact_row_html(std::string_view label, std::string_view html);

// The CSS class of a placement ("pl-inbox", ...).
std::string placement_class(Placement placement);
// The placement as a labelled badge: the token as text plus its class.
std::string placement_badge(Placement placement);
// The class of a matrix cell, by counts_tone: "cell-bad" when any probe is
// missing or rejected, "cell-warn" when any is in spam or another folder,
// "cell-wait" when any is pending, "cell-good" when all are in the inbox,
// "cell-empty" for none.
std::string counts_class(const PlacementCounts& counts);
// A matrix cell: the counts as text (format_counts), the inbox rate on a
// second line, coloured by counts_class.
std::string counts_cell(const PlacementCounts& counts);

// The element id of a probe's details ("probe-12").
std::string probe_anchor(const Probe& probe);
// The probe's latency as text, with its resolution; "-" when it has none.
std::string probe_latency_text(const ProbeRow& row);
// "-" for an empty string, else the string: a blank cell reads as missing.
std::string_view or_dash(std::string_view text);
// "-" for a negative duration (not measured), else format_duration_ms.
std::string duration_or_dash(std::int64_t ms);

// The document up to <body>: charset, the Content-Security-Policy meta element
// (CSP Level 3 §6.1: nothing may load, no script), the title, the style.
std::string document_head(std::string_view title);

// A placement matrix: one row per `rows` entry, one column per `columns`
// entry (with `notes[c]` under its name when not empty), counts_cell cells.
std::string matrix_table(std::string_view caption,
                         const std::vector<std::string>& rows,
                         const std::vector<std::string>& columns,
                         const std::vector<std::string>& notes,
                         const std::vector<std::vector<PlacementCounts>>& cells);
// The paragraph that explains the matrix cells (HTML).
std::string_view matrix_note();

// "<a href="#probe-12">12</a>": a link to a probe's details.
std::string probe_link(std::int64_t probe_id);

// The page sections, in page order.
std::string render_headline(const RunReport& report);
std::string render_alerts(const RunReport& report);
std::string render_matrix(const RunReport& report);
std::string render_route_summaries(const RunReport& report);
std::string render_latency(const RunReport& report);
std::string render_findings(const RunReport& report);
// Inbox % and p95 latency per route over `points` (oldest first), as line
// charts with the numbers in a table; `id` is the section's element id.
std::string render_trends(const std::vector<TrendPoint>& points, std::string_view heading);
std::string render_probe_details(const RunReport& report);
// The Received hops of one probe as a timeline (html_probe_details.cpp).
std::string render_hops(const ProbeRow& row);

// Runs with at most this many probes show every probe's headers; larger ones
// only those of probes not in the inbox or with a warning or error finding,
// so that a 1,000-probe report stays small enough to mail.
constexpr std::size_t k_all_headers_up_to = 200;

// Parts of one probe's details (html_auth_details.cpp): fact rows with the
// providers' verdicts, their DKIM results beside our own verification and
// the spam filter's verdict; and every Authentication-Results field with its
// trust, with the raw field unless the headers are shown anyway.
std::string render_verdict_rows(const ProbeResult& result);
std::string render_auth_results(const ProbeResult& result, bool headers_shown);

// An inline SVG histogram (no script, no external reference) of latency
// samples in ms, in fixed buckets (< 1 s, 1-2 s, ... >= 15 min; negative
// values beyond the resolution in their own "clock skew" bucket); each bar
// says its count and share as text.
std::string render_latency_histogram(std::string_view route, std::vector<std::int64_t> samples_ms);

// One line of a line chart: a value per x position, std::nullopt for a gap.
struct ChartSeries
{
  std::string name;
  std::vector<std::optional<double>> values;
};

struct LineChart
{
  std::string title;                 // accessible name and caption
  std::string x_label;               // axis title, e.g. "Run start (UTC date)"
  std::string y_label;               // axis title, e.g. "Inbox %"
  std::vector<std::string> x_labels; // one per x position
  std::vector<ChartSeries> series;   // at most 8 are told apart by style
  double y_max = 0;                  // 0: the largest value (at least 1)
  std::function<std::string(double)> format_y;
};

// An inline SVG line chart with labelled axes, gridlines and a legend; each
// series differs by colour, dash pattern and marker shape, so it reads in grey.
std::string render_line_chart(const LineChart& chart);

} // namespace inboxprobe::html
