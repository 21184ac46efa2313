// Placement counts for the reports: how many probes ended up where, for any
// value of core/model.hpp `Placement` (values added later are counted and
// shown like the others, by their token), and how a placement reads: good
// (inbox), a warning (spam, another folder), bad (missing, rejected) or still
// waiting (pending).
#pragma once

#include <core/model.hpp>

#include <map>
#include <optional>
#include <vector>

namespace inboxprobe {

struct PlacementCounts
{
  std::map<Placement, int> by_placement; // only placements seen

  int total() const;
  int count(Placement placement) const;
  void add(Placement placement, int n = 1);
  void add(const PlacementCounts& other);
  // count(`placement`) / total(), in [0, 1]; 0 when there are no probes.
  double rate(Placement placement) const;
};

// The placements a report shows as columns: inbox, spam, other, missing,
// rejected, pending, then any other placement that `counts` holds, in enum
// order.
std::vector<Placement> placement_columns(const PlacementCounts& counts);

// The four headline placements: inbox, spam, missing, rejected.
std::vector<Placement> headline_placements();

enum class Tone { good, warn, bad, wait };

// How a placement reads. Unknown (newer) placements read as a warning unless
// their token names a loss ("bounced" is bad).
Tone placement_tone(Placement placement);

// The tone of a group of probes: bad when any is bad, else warn when any
// warns, else wait when any waits, else good; std::nullopt for no probes.
std::optional<Tone> counts_tone(const PlacementCounts& counts);

} // namespace inboxprobe
