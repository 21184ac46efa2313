// The HTML run report: one self-contained HTML document (HTML Living
// Standard) that can be mailed as an attachment, opened offline or printed.
//
// Self-contained means: inline CSS only, inline SVG charts, no script, no
// font, image, stylesheet or frame loaded from anywhere, and a
// Content-Security-Policy meta element (CSP Level 3 §6.1) that forbids
// loading anything even if markup slipped through. Every string that came
// from mail, a server, the store or the configuration is escaped
// (html_escape.hpp); the only links are fragment links within the document.
// Colour never carries meaning alone: every coloured cell says its placement
// in text, and the matrix cells also differ by border style, so the report
// reads in grey and in print.
#pragma once

#include <reports/run_report.hpp>

#include <string>

namespace inboxprobe {

// The report as one UTF-8 HTML document: headline (run facts, overall
// placement counts and rates), the route x seed placement matrix, per-route
// rates, latency percentiles and authentication pass counts, per-probe
// latency (table and an SVG bar chart per route), and one collapsed
// <details> per probe (SMTP outcome, arrival, Authentication-Results, DKIM,
// spam verdict, findings). Never fails; never contains a transcript or
// message bytes.
std::string render_html(const RunReport& report);

} // namespace inboxprobe
