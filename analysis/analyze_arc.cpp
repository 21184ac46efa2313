// The ARC pass (see analyze_passes.hpp): the chain's state and who sealed what
// (RFC 8617 §5.2), with the findings for a broken chain and for ed25519 seals
// (see arc.hpp for the policy).
#include "analyze_passes.hpp"
#include "arc.hpp"
#include "text.hpp"

#include <algorithm>

namespace inboxprobe::analyze_detail {

void
check_arc(std::string_view message,
          const std::vector<HeaderField>& fields,
          const DkimKeyLookup& keys,
          ProbeResult& result)
{
  // Most mail carries no ARC set: skip re-reading the message for it.
  if (std::none_of(fields.begin(), fields.end(), [](const HeaderField& field) {
        return text::istarts_with(field.name, "ARC-");
      })) {
    result.arc = ArcCheck{};
    return;
  }
  result.arc = verify_arc(message, keys);
  std::string sealers;
  for (const ArcSetCheck& set : result.arc.sets) {
    sealers += (sealers.empty() ? "" : ", ") + std::string("i=") + std::to_string(set.instance)
               + " " + set.domain + " cv=" + set.cv;
    if (set.algorithm == "ed25519-sha256") {
      add_finding(result,
                  "arc.ed25519_unsupported",
                  "ARC set i=" + std::to_string(set.instance) + " by " + set.domain
                    + " is sealed with ed25519-sha256, which many validators cannot check",
                  "a=" + set.algorithm);
    }
  }
  if (result.arc.chain == "fail") {
    add_finding(result,
                "arc.chain_broken",
                "the ARC chain does not validate: " + result.arc.error,
                sealers.empty() ? result.arc.error : sealers);
  }
}

} // namespace inboxprobe::analyze_detail
