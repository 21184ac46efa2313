// The limits every message is analysed within (hostile input: huge header
// sections, huge bodies, deep MIME nesting). Beyond a limit the analysis reads
// a bounded part of the message and says so in a finding (docs/findings.md:
// message.*, mime.*), so that any input finishes in bounded time and memory.
#pragma once

#include <cstddef>

namespace inboxprobe {

// A message above this (bytes) is analysed from its header section only:
// message.too_large. Providers refuse mail this size (Gmail: 25 MB of text).
constexpr std::size_t k_max_message_bytes = 32 * 1024 * 1024;
// A header section above this (bytes) is cut at the last line break before it:
// message.header_too_large, and the body is not read.
constexpr std::size_t k_max_header_section_bytes = 1024 * 1024;
// MIME entities nested deeper than this are not read: mime.too_deep.
constexpr int k_max_mime_depth = 32;
// At most this many MIME entities are read per message.
constexpr std::size_t k_max_mime_entities = 1000;

} // namespace inboxprobe
