// Internal to reports/: the parts of build_run_report that live outside
// run_report.cpp (run_report_summary.cpp): header sections, hop delays, and
// the run-level summaries (finding groups, alerts, slowest hops, the
// comparison with earlier runs, the trend).
#pragma once

#include "run_report.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace inboxprobe {

// Inbox, spam or another folder: the probe arrived.
bool is_found_placement(Placement placement);

// The header section of `message` (up to the first empty line), at most
// k_max_report_header_bytes, cut at a line end; `truncated` says whether it
// was cut.
std::string header_section(std::string_view message, bool& truncated);

// `hops` with delay_ms (at_s minus the previous hop's at_s, both known) and
// tls (hop_used_tls) filled in.
std::vector<ReportHop> with_delays_and_tls(std::vector<ReportHop> hops);

// Finding groups, alerts, slowest hops, the comparison and the trend of
// `report` (whose probes, routes and counts are done).
void summarise_run(RunReport& report, const RunReportInput& input);

} // namespace inboxprobe
