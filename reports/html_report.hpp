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

// The report as one UTF-8 HTML document, in page order: the headline (run
// facts; inbox, spam, missing and rejected rates against the previous run and
// the 7-night average), alerts, the route x mailbox-provider matrix (and route
// x seed for up to 24 seeds), per-route placement rates, latency p50/p95/max,
// the providers' DKIM/SPF/DMARC pass rates, TLS on every hop and findings;
// a latency histogram per route and the slowest hops; findings grouped by
// code and severity with fix advice and the affected probes; trend charts
// (inbox % and p95 latency per route over the report's trend points); one
// collapsed <details> per probe (SMTP outcome and timings, arrival, latency,
// verdicts, Authentication-Results, findings, the Received hops as a
// timeline, the headers as received). Never fails; never contains a
// transcript or message bodies.
std::string render_html(const RunReport& report);

} // namespace inboxprobe
