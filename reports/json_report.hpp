// The JSON run report (RFC 8259): the same data as the HTML report, for
// machines. The document is versioned by its "schema" member,
// "inboxprobe.run-report/1"; a change that removes or renames a member gets a
// new version, added members do not.
//
// Shape (times are UTC epoch ms, durations ms, rates fractions in [0, 1]):
//   { "schema", "generated_at_ms",
//     "run":     { id, campaign, state, started_at_ms, deadline_at_ms,
//                  finished_at_ms, routes: [name], seeds: [{address, provider}]
//                  },
//     "overall": COUNTS,
//     "seeds":   [{address, provider}],            (matrix columns)
//     "routes":  [{ route, counts: COUNTS,
//                   latency: { samples, p50_ms, p95_ms, max_ms, resolution_ms,
//                              percentile_method: "nearest-rank" },
//                   auth: { seen, dkim_pass, spf_pass, dmarc_pass },
//                   findings }],
//     "matrix":  [{ route, seed, counts: COUNTS }],   (every route x seed)
//     "probes":  [{ probe, placement, analysed, submission, sighting,
//                   sighting_count, result }] }
//   COUNTS = { inbox, spam, other, missing, rejected, pending, total,
//              rates: { inbox, spam, other, missing, rejected, pending } }
// probe, submission, sighting and result use the record forms of
// core/record_json.hpp (submission without transcript and message bytes,
// sighting without message bytes); absent ones and absent latencies are null.
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
