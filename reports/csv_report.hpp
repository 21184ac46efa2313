// The probes of a run report as CSV (RFC 4180): one header line, one line per
// probe, CRLF line ends, every field quoted when it holds a comma, a quote, CR
// or LF (quotes doubled, RFC 4180 §2.5-2.7).
//
// Spreadsheet safety (CSV formula injection, OWASP "CSV Injection"): a field
// that starts with "=", "+", "-", "@", TAB or CR would be taken as a formula
// by Excel, LibreOffice or Google Sheets; such a field gets a leading
// apostrophe ("'=cmd|..."), which spreadsheets show as text. This applies to
// every text field, mail-derived or not; numbers are written as plain digits
// (a negative latency, clock skew, keeps its "-": it is a number, not text).
// Invalid UTF-8 and control characters other than TAB and LF (CR included,
// as in the HTML report) are replaced with U+FFFD.
#pragma once

#include <reports/run_report.hpp>

#include <string>
#include <string_view>

namespace inboxprobe {

// The columns, in order: run_id, probe_id, route, seed, provider, content,
// placement, folder, analysed, submit_outcome, reply_code, enhanced_code,
// reply_text, accepted_at (UTC ISO 8601), latency_ms, latency_resolution_ms,
// detection_lag_ms, spf, dkim, dmarc, spam_score, is_spam, hops, tls_all_hops,
// finding_codes (space-separated).
std::string render_probes_csv(const RunReport& report);

// One CSV field: guarded against formula injection, then quoted as needed.
std::string csv_field(std::string_view text);

} // namespace inboxprobe
