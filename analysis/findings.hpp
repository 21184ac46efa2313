// The catalogue of findings the analysis stage can emit: every stable dotted
// code with its severity, the fix advice and the RFC section that states the
// rule. The analysis code and the documentation test (docs/findings.md must
// list every code) read the same table, so the two cannot drift apart.
#pragma once

#include <core/model.hpp>

#include <span>
#include <string_view>

namespace inboxprobe {

struct FindingSpec
{
  std::string_view code; // e.g. "dmarc.not_aligned"
  Severity severity;
  std::string_view advice; // how to fix it, one or two sentences
  std::string_view rfc;    // "RFC 7489 §3.1", or "" where no RFC applies
};

// Every code, sorted by code.
std::span<const FindingSpec> finding_catalogue();

// The entry for `code`, or null when the code is not catalogued.
const FindingSpec* find_finding_spec(std::string_view code);

} // namespace inboxprobe
