// Text forms shared by the report renderers: times in UTC, latencies with
// their resolution, rates and placement counts. Plain text, not escaped (the
// renderer escapes it like any other string).
#pragma once

#include <reports/run_report.hpp>

#include <cstdint>
#include <string>

namespace inboxprobe {

// `at_ms` (UTC epoch ms) as "2026-11-29 08:15:00 UTC" (ISO 8601 date and
// time, seconds precision, truncated). "-" for 0, which the records use for
// "never".
std::string format_utc_ms(std::int64_t at_ms);

// A latency of `ms` measured with timestamps of `resolution_ms` resolution.
// With a resolution of 1 s or coarser: "< 1 s" when |ms| is below the
// resolution (a sub-second difference, negative ones included, is rounding,
// not clock skew), else the value rounded to the nearest second as "2 s",
// "1 min", "1 min 35 s", "2 h" or "2 h 5 min" (seconds dropped above an hour;
// negative values keep their sign: "-3 s").
// With a finer resolution: "840 ms" below one second, else
// format_duration_ms's form ("1.5 s").
std::string format_latency(std::int64_t ms, std::int64_t resolution_ms);

// `rate` (a fraction in [0, 1]) as a percentage with one decimal: "66.7 %".
std::string format_rate(double rate);

// A change of a rate (a difference of fractions) in percentage points with
// its sign: "+2.5 pp", "\u22121.0 pp" (U+2212 minus), "+0.0 pp".
std::string format_rate_change(double change);

// `at_ms` (UTC epoch ms) as its date "2026-11-29"; "-" for 0.
std::string format_date_ms(std::int64_t at_ms);

// The non-zero counts of `counts` in the order inbox, spam, other, missing,
// rejected, pending (then any newer placement), joined with " / ": "inbox 2 / spam 1"; "no probes"
// when all are zero.
std::string format_counts(const PlacementCounts& counts);

} // namespace inboxprobe
