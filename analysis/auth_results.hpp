// Authentication-Results header fields (RFC 8601 §2.2): the verdicts a
// receiving server wrote about SPF, DKIM, DMARC, ARC and friends. Parsed into
// the plain records of core/model.hpp (AuthResultsField, AuthResult) and
// printed back, so that the parser is tested as a round trip (mox
// message/authresults.go).
//
// Two modes. `strict` accepts only the RFC 8601 grammar. `lenient` (the
// deliverability path) also survives what real producers write: a missing
// authserv-id and bare authserv-id tokens between results (Microsoft),
// properties without a ptype ("action=none"), tspecials in unquoted values,
// a trailing ";", quoted method names, "_" in keywords, an unparseable resinfo
// after a valid "method=result" (Yahoo's legacy "from=domain"). Both modes
// reject what cannot be read with confidence: an empty body, a missing
// authserv-id before ";", "none" combined with results, an unterminated
// comment or quoted-string, "=" without a result.
#pragma once

#include <core/error.hpp>
#include <core/model.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace inboxprobe {

enum class AuthResParse { lenient, strict };

// A field body longer than this is refused ("auth_results.too_long"): a
// hostile message cannot make the parser work without bound.
constexpr std::size_t k_max_auth_results_bytes = 64 * 1024;

// Parse one Authentication-Results field body (`field_body` as it follows
// "Authentication-Results:", folded or not). Fills authserv_id (empty when a
// lenient parse found none), version, none, results (method, result and
// property names lower-cased; values verbatim without quoting; "reason=" moved
// to AuthResult::reason) and raw (the unfolded body). `trusted` is left false:
// trust is the caller's decision (RFC 8601 §5).
// For ARC-Authentication-Results remove the "i=N;" prefix first (RFC 8617
// §4.1.1): see strip_arc_instance().
// Errors: "auth_results.syntax" with the first problem and its offset in the
// unfolded body, "auth_results.too_long".
Result<AuthResultsField> parse_auth_results(std::string_view field_body,
                                            AuthResParse mode = AuthResParse::lenient);

// The field body in RFC 8601 §2.2 syntax on one line: "authserv-id
// [version]; method[/version]=result [reason="..."] ptype.property=value; ..."
// or "authserv-id; none". Values are quoted when they are not a token or an
// address; properties without a ptype are printed as read. Parsing the output
// gives back an equal record (except raw).
std::string format_auth_results(const AuthResultsField& field);

// The ARC-Authentication-Results body without its leading "i=N;" instance tag
// (RFC 8617 §4.1.1), and N through `instance` (0 when absent). The input is
// returned unchanged when it has no such prefix.
std::string_view strip_arc_instance(std::string_view field_body, int& instance);

} // namespace inboxprobe
