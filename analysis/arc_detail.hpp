// ARC internals (see arc.hpp): one ARC set's fields and the signature checks.
#pragma once

#include <analysis/dkim_keys.hpp>
#include <core/message_headers.hpp>
#include <core/model.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace inboxprobe::arc_detail {

using Tags = std::map<std::string, std::string>;

// One ARC set (RFC 8617 §4.1): the three fields with the same instance.
struct ArcSet
{
  const HeaderField* aar = nullptr;
  const HeaderField* ams = nullptr;
  const HeaderField* seal = nullptr;
  Tags ams_tags;
  Tags seal_tags;
};

// Why the tags of an AMS (`seal` false) or ARC-Seal break RFC 8617 §4.1.2 /
// §4.1.3 (a missing required tag, an AS with h=, bad base64, t= not a number,
// an unknown a=); "" when they are usable.
std::string check_tags(const Tags& tags, bool seal);

// The ARC-Message-Signature of `set` (RFC 8617 §4.1.2: DKIM's rules, h= must
// not name ARC-Seal) over `fields` and `body` (CRLF). "" when it verifies,
// else why not.
std::string verify_message_signature(const ArcSet& set,
                                     const std::vector<HeaderField>& fields,
                                     std::string_view body,
                                     const DkimKeyLookup& keys);

// The ARC-Seal of `sets[index]` (RFC 8617 §5.1.1): relaxed AAR, AMS, AS of
// every set up to it, its own b= empty. "" when it verifies, else why not.
std::string
verify_seal(const std::vector<ArcSet>& sets, std::size_t index, const DkimKeyLookup& keys);

} // namespace inboxprobe::arc_detail
