// DKIM-style signing input (RFC 6376 §3.4 canonicalization, §3.2 tag-lists,
// §5.4.2 header selection), shared by our ARC verifier (RFC 8617 §5, which
// reuses DKIM's rules). Internal header: std types only.
#pragma once

#include <core/message_headers.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inboxprobe::dkim_canon {

// RFC 6376 §3.4.2 relaxed header canonicalization of one field: lowercase
// name, unfolded, runs of WSP to one SP, no WSP at the ends of the value or
// around the colon; ends in CRLF.
std::string relaxed_header(std::string_view name, std::string_view value);

// RFC 6376 §3.4.1 simple header canonicalization: the field as written.
std::string simple_header(std::string_view name, std::string_view value);

enum class Canon { simple, relaxed };

// RFC 6376 §3.4.3 / §3.4.4 body canonicalization of `body` (CRLF lines).
std::string canonical_body(std::string_view body, Canon canon);

// A tag-list (RFC 6376 §3.2) read as strictly as dkimpy does: tags split at
// ";" (a trailing ";" allowed), each "name=value" with optional WSP around
// both, names start with a letter and are case-sensitive, a repeated name is
// an error; values are trimmed. nullopt on any violation.
std::optional<std::map<std::string, std::string>> parse_tag_list(std::string_view value);

// `value` with the value of its "b" tag removed (RFC 6376 §3.7: the
// signature's own b= is empty when hashed); other tags ("bh") untouched.
std::string without_b_value(std::string_view value);

// RFC 6376 §5.4.2: for each name in `signed_names` (in order) the bottom-most
// not yet used field of that name; a name with none left contributes nothing.
std::vector<const HeaderField*> select_headers(const std::vector<HeaderField>& fields,
                                               const std::vector<std::string>& signed_names);

// "From : To:subject" -> {"From", "To", "subject"} (WSP around names removed).
std::vector<std::string> split_header_list(std::string_view h);

} // namespace inboxprobe::dkim_canon
