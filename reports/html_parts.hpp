// Building blocks of the HTML run report, shared by its section renderers
// (html_sections.cpp, svg_chart.cpp, html_probe_details.cpp). Internal to
// reports/: only html_report.hpp is the public entry point.
//
// Convention: a parameter named `text` is plain text and is escaped here; a
// parameter named `html` is markup the caller has already built from escaped
// parts. CSS class names are fixed tokens chosen here, never mail data.
#pragma once

#include <reports/run_report.hpp>

#include <initializer_list>
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
// The class of a matrix cell: "cell-bad" when any probe is missing or
// rejected, "cell-warn" when any is in spam or another folder, "cell-wait"
// when any is pending, "cell-good" when all are in the inbox, "cell-empty".
std::string counts_class(const PlacementCounts& counts);

// The element id of a probe's details ("probe-12").
std::string probe_anchor(const Probe& probe);
// The probe's latency as text, with its resolution; "-" when it has none.
std::string probe_latency_text(const ProbeRow& row);
// "-" for an empty string, else the string: a blank cell reads as missing.
std::string_view or_dash(std::string_view text);
// "-" for a negative duration (not measured), else format_duration_ms.
std::string duration_or_dash(std::int64_t ms);

// The page sections, in page order.
std::string render_headline(const RunReport& report);
std::string render_matrix(const RunReport& report);
std::string render_route_summaries(const RunReport& report);
std::string render_latency(const RunReport& report);
std::string render_probe_details(const RunReport& report);

// Parts of one probe's details (html_auth_details.cpp): every
// Authentication-Results field, the providers' DKIM results beside our own
// verification, and the spam filter's verdict.
std::string render_auth_results(const ProbeResult& result);
std::string render_dkim_comparison(const ProbeResult& result);
std::string render_spam_verdict(const ProbeResult& result);

// An inline SVG bar chart (no script, no external reference) of the latency
// of `rows` (the found probes of `route` that have one).
std::string render_latency_chart(const RouteSummary& route,
                                 const std::vector<const ProbeRow*>& rows);

} // namespace inboxprobe::html
