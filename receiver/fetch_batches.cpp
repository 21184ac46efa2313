// Splitting FETCHes to fit libcurl's reply buffer (see fetch_batches.hpp).
#include "fetch_batches.hpp"

#include "seed_poll.hpp"

#include <algorithm>

namespace inboxprobe {

std::vector<std::vector<std::uint32_t>>
batches_within(const std::vector<std::pair<std::uint32_t, std::int64_t>>& uid_costs,
               std::int64_t budget)
{
  std::vector<std::vector<std::uint32_t>> out;
  std::int64_t used = 0;
  for (const auto& [uid, cost] : uid_costs) {
    const std::int64_t c = std::max<std::int64_t>(cost, 1);
    if (out.empty() || used + c > budget) {
      out.emplace_back();
      used = 0;
    }
    out.back().push_back(uid);
    used += c;
  }
  return out;
}

std::vector<std::string>
uid_ranges(std::uint32_t from, std::uint32_t uidnext, std::uint32_t per_set)
{
  per_set = std::max<std::uint32_t>(per_set, 1);
  std::vector<std::string> sets;
  while (uidnext > from && uidnext - from > per_set) {
    sets.push_back(std::to_string(from) + ":" + std::to_string(from + per_set - 1));
    from += per_set;
  }
  sets.push_back(std::to_string(from) + ":*");
  return sets;
}

std::vector<std::string>
uid_sets(const std::vector<std::uint32_t>& uids, std::size_t per_set)
{
  per_set = std::max<std::size_t>(per_set, 1);
  std::vector<std::string> sets;
  for (std::size_t i = 0; i < uids.size(); i += per_set) {
    const std::size_t end = std::min(uids.size(), i + per_set);
    sets.push_back(
      uid_set(std::vector<std::uint32_t>(uids.begin() + static_cast<std::ptrdiff_t>(i),
                                         uids.begin() + static_cast<std::ptrdiff_t>(end))));
  }
  return sets;
}

} // namespace inboxprobe
