// Fix advice per finding code, for the report's findings section: the
// analysis stage's catalogue (analysis/findings.hpp, docs/findings.md) with its
// RFC section, else the advice below for the codes other stages emit. The
// sentences name the RFC behind each check so a reader can look it up.
#include "run_report.hpp"

#include <analysis/findings.hpp>

#include <map>

namespace inboxprobe {

std::string
finding_advice(const Finding& finding)
{
  // Codes the catalogue does not hold (emitted outside the analysis stage).
  static const std::map<std::string, std::string> k_advice = {
    {"imap.seed_unreachable",
     "Check the seed's IMAP URL, credentials and TLS settings; its probes are unknown, not "
     "missing."},
  };

  if (const FindingSpec* spec = find_finding_spec(finding.code)) {
    return std::string(spec->advice)
           + (spec->rfc.empty() ? "" : " (" + std::string(spec->rfc) + ")");
  }
  const auto it = k_advice.find(finding.code);
  if (it != k_advice.end()) {
    return it->second;
  }
  return "See the evidence in the affected probes' details.";
}

} // namespace inboxprobe
