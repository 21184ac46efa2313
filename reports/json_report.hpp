// The JSON run report (RFC 8259): the same data as the HTML report, for
// machines. The document is versioned by its "schema" member,
// "inboxprobe.run-report/1"; a change that removes or renames a member gets a
// new version, added members do not.
//
// The members and their meaning are documented in docs/report-json.md:
// schema, generated_at_ms, run, overall, seeds, routes, matrix (route x seed),
// providers, provider_matrix, alerts, findings, slowest_hops, comparison,
// trend, raw_pruned_at_ms, probes. probe, submission, sighting and result use
// the record forms of core/record_json.hpp (submission without transcript and
// message bytes, sighting without message bytes); absent ones are null.
#pragma once

#include <reports/run_report.hpp>

#include <string>
#include <string_view>

namespace inboxprobe {

// The value of the "schema" member.
inline constexpr std::string_view k_run_report_schema = "inboxprobe.run-report/1";

// `report` as a JSON document (UTF-8, indented by 2, trailing newline).
// Invalid UTF-8 in any string (mail data) is replaced with U+FFFD rather than
// failing. Never fails.
std::string render_json(const RunReport& report);

} // namespace inboxprobe
