// The history's summary rows: what trend reports and the run list need from
// many runs at once, read from indexed columns without parsing each probe's
// stored analysis (which is what keeps a 30-night trend fast). Plain records of
// std and core types, shared by the store (which fills them) and the reports
// (which aggregate them).
#pragma once

#include <core/model.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace inboxprobe {

// One probe of a past run, reduced to placement and latency.
struct ProbeOutcome
{
  std::string run_id;
  std::string route; // Route::name
  std::string seed;  // SeedMailbox::address
  // The analysis stage's placement; std::nullopt when the probe has no result
  // (the run stopped before analysing it).
  std::optional<Placement> placement;
  std::optional<std::int64_t> latency_ms; // arrival - acceptance, 1 s resolution
};

} // namespace inboxprobe
