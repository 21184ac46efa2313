// Placement counts and tones (placement_counts.hpp).
#include "placement_counts.hpp"

#include <algorithm>
#include <array>

namespace inboxprobe {

namespace {

constexpr std::array<Placement, 6> k_standard = {Placement::inbox,
                                                 Placement::spam,
                                                 Placement::other,
                                                 Placement::missing,
                                                 Placement::rejected,
                                                 Placement::pending};

} // namespace

int
PlacementCounts::total() const
{
  int sum = 0;
  for (const auto& [placement, n] : by_placement) {
    sum += n;
  }
  return sum;
}

int
PlacementCounts::count(Placement placement) const
{
  const auto it = by_placement.find(placement);
  return it == by_placement.end() ? 0 : it->second;
}

void
PlacementCounts::add(Placement placement, int n)
{
  by_placement[placement] += n;
}

void
PlacementCounts::add(const PlacementCounts& other)
{
  for (const auto& [placement, n] : other.by_placement) {
    by_placement[placement] += n;
  }
}

double
PlacementCounts::rate(Placement placement) const
{
  const int all = total();
  return all == 0 ? 0.0 : static_cast<double>(count(placement)) / static_cast<double>(all);
}

std::vector<Placement>
placement_columns(const PlacementCounts& counts)
{
  std::vector<Placement> columns(k_standard.begin(), k_standard.end());
  for (const auto& [placement, n] : counts.by_placement) {
    if (std::find(columns.begin(), columns.end(), placement) == columns.end()) {
      columns.push_back(placement);
    }
  }
  return columns;
}

std::vector<Placement>
headline_placements()
{
  return {Placement::inbox, Placement::spam, Placement::missing, Placement::rejected};
}

Tone
placement_tone(Placement placement)
{
  switch (placement) {
  case Placement::inbox:
    return Tone::good;
  case Placement::pending:
    return Tone::wait;
  case Placement::missing:
  case Placement::rejected:
    return Tone::bad;
  case Placement::spam:
  case Placement::other:
    return Tone::warn;
  default:
    // A placement added after this was written: by its token.
    return to_string(placement) == "bounced" ? Tone::bad : Tone::warn;
  }
}

std::optional<Tone>
counts_tone(const PlacementCounts& counts)
{
  std::optional<Tone> tone;
  for (const auto& [placement, n] : counts.by_placement) {
    if (n == 0) {
      continue;
    }
    const Tone t = placement_tone(placement);
    // Severity order: bad > warn > wait > good.
    const auto rank = [](Tone x) {
      return x == Tone::bad ? 3 : x == Tone::warn ? 2 : x == Tone::wait ? 1 : 0;
    };
    if (!tone || rank(t) > rank(*tone)) {
      tone = t;
    }
  }
  return tone;
}

} // namespace inboxprobe
