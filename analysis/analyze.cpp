// The analysis stage's passes over one probe (see analyze.hpp).
#include "analyze.hpp"

namespace inboxprobe {

ProbeResult
analyze_probe(const Probe& probe,
              const Submission* /*submission*/,
              const Sighting* /*sighting*/,
              const AnalysisContext& /*context*/)
{
  ProbeResult result;
  result.probe_id = probe.id;
  return result;
}

ProbeResult
analyze_message(std::string_view /*message_bytes*/, const AnalysisContext& /*context*/)
{
  return {};
}

} // namespace inboxprobe
