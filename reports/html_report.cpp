// The HTML run report document: head (charset, Content-Security-Policy meta
// element, CSP Level 3 §6.1, inline style) and the sections in page order.
#include "html_report.hpp"

#include "html_parts.hpp"

#include <reports/report_format.hpp>

namespace inboxprobe {

namespace {

// Nothing may load: no default source, inline style only, images only from
// data: URLs (the report has none today; the charts are inline SVG); no
// <base> and no form target, which default-src does not cover.
constexpr const char* k_csp =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
  "base-uri 'none'; form-action 'none'";

// Light backgrounds under dark text keep every cell readable in grey; the
// matrix cells also differ by border style. System fonts only.
constexpr const char* k_style = R"css(
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #111; background: #fff; margin: 1.5em; line-height: 1.35; }
h1 { font-size: 1.5em; margin: 0 0 .5em; }
h2 { font-size: 1.2em; margin: 1.5em 0 .5em; border-bottom: 1px solid #999; }
h3 { font-size: 1em; margin: 1em 0 .3em; }
table { border-collapse: collapse; margin: .5em 0 1em; }
caption { text-align: left; font-weight: bold; padding: .2em 0; }
th, td { border: 1px solid #999; padding: .2em .5em; text-align: left;
  vertical-align: top; }
thead th { background: #eee; }
td ul { margin: 0; padding-left: 1.2em; }
.note { color: #444; font-size: .9em; }
pre.wire { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere;
  font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .9em; }
.badge { display: inline-block; padding: 0 .4em; border: 1px solid #555;
  border-radius: 3px; font-weight: bold; }
.pl-inbox { background: #d6efd6; }
.pl-spam { background: #f9d3c4; }
.pl-other { background: #fff1c2; }
.pl-missing { background: #f3c1c1; }
.pl-rejected { background: #e0c8e8; }
.pl-pending { background: #e8e8e8; }
.pl-bounced { background: #f3c1c1; }
.pl-late, .pl-duplicate { background: #fff1c2; }
.lead { font-size: 1.15em; font-weight: bold; }
ul.alerts { padding-left: 0; list-style: none; }
ul.alerts li { margin: .2em 0; padding: .2em .4em; border-left: 4px solid #555; }
.matrix td { min-width: 9em; }
.cell-good { background: #d6efd6; border: 1px solid #333; }
.cell-warn { background: #fff1c2; border: 2px dashed #6b5200; }
.cell-bad { background: #f3c1c1; border: 3px double #700; font-weight: bold; }
.cell-wait { background: #eee; border: 1px dotted #555; }
.cell-empty { color: #555; }
.trusted { font-weight: bold; }
.untrusted { color: #444; font-style: italic; }
.sev-error { font-weight: bold; background: #f3c1c1; }
.sev-warning { background: #fff1c2; }
svg.chart { max-width: 100%; height: auto; font-size: 11px; }
svg.chart text { fill: #111; }
svg.chart .axis { stroke: #333; }
svg.chart .bar { stroke: #333; stroke-width: .5; fill: #6b8fbf; }
svg.chart .grid { stroke: #ddd; }
svg.chart .ln { fill: none; stroke-width: 2; }
svg.chart .mk { stroke-width: 1.5; }
.s0 { stroke: #1f4e9c; fill: #1f4e9c; }
.s1 { stroke: #b3411b; fill: #fff; stroke-dasharray: 6 3; }
.s2 { stroke: #2e7d32; fill: #2e7d32; stroke-dasharray: 2 2; }
.s3 { stroke: #6a1b9a; fill: #fff; stroke-dasharray: 8 3 2 3; }
.s4 { stroke: #000; fill: #000; stroke-dasharray: 1 3; }
.s5 { stroke: #8d6e00; fill: #fff; stroke-dasharray: 10 4; }
.s6 { stroke: #00695c; fill: #00695c; stroke-dasharray: 4 2 1 2; }
.s7 { stroke: #555; fill: #fff; }
svg.chart .mk.s0, svg.chart .mk.s2, svg.chart .mk.s4, svg.chart .mk.s6 { stroke-dasharray: none; }
svg.chart .mk { stroke-dasharray: none; }
ol.hops { margin: .2em 0; padding-left: 1.5em; border-left: 3px solid #999; }
ol.hops li.plain { font-weight: bold; }
h4 { margin: .5em 0 .2em; font-size: .95em; }
details { border: 1px solid #bbb; margin: .3em 0; padding: .2em .5em; }
summary { cursor: pointer; }
.detail { display: flex; flex-wrap: wrap; gap: 0 1.5em; align-items: flex-start; }
@media print {
  body { margin: 0; font-size: 10pt; }
  a { color: inherit; text-decoration: none; }
  table, svg, details { break-inside: avoid; }
  h2 { break-after: avoid; }
  details::details-content { content-visibility: visible; }
  details.headers { display: none; }
}
)css";

} // namespace

std::string
html::document_head(std::string_view title)
{
  // k_csp is a constant without `"` or `&`: written as is, so that the
  // policy reads verbatim in the file.
  return std::string("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                     "<meta charset=\"utf-8\">\n"
                     "<meta http-equiv=\"Content-Security-Policy\" content=\"")
         + k_csp
         + "\">\n<meta name=\"referrer\" content=\"no-referrer\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, "
           "initial-scale=1\">\n<title>"
         + html::text(title) + "</title>\n<style>"
         + k_style + "</style>\n</head>\n";
}

namespace {

constexpr const char* k_nav =
  "<nav class=\"note\"><a href=\"#alerts\">Alerts</a> \u00b7 <a href=\"#matrix\">Matrix</a> "
  "\u00b7 <a href=\"#routes\">Routes</a> \u00b7 <a href=\"#latency\">Latency</a> \u00b7 "
  "<a href=\"#findings\">Findings</a> \u00b7 <a href=\"#trends\">Trends</a> \u00b7 "
  "<a href=\"#probes\">Probes</a></nav>\n";

} // namespace

std::string
render_html(const RunReport& report)
{
  std::string out = html::document_head("inboxprobe run " + report.run.id) + "<body>\n";
  out += html::render_headline(report);
  out += k_nav;
  out += html::render_alerts(report);
  out += html::render_matrix(report);
  out += html::render_route_summaries(report);
  out += html::render_latency(report);
  out += html::render_findings(report);
  out += html::render_trends(report.trend, "Trends (this run and the nights before)");
  out += html::render_probe_details(report);
  out += "<footer class=\"note\">Generated by inboxprobe at "
         + html::text(format_utc_ms(report.generated_at_ms))
         + ". The same data is available as JSON (schema "
           "inboxprobe.run-report/1).</footer>\n</body>\n</html>\n";
  return out;
}

} // namespace inboxprobe
