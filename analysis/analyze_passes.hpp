// The analysis passes over one message (internal header): each reads the
// header fields or bytes and fills its part of the ProbeResult, turning every
// malformed input into a Finding. analyze.cpp runs them in order.
#pragma once

#include <analysis/analyze.hpp>
#include <analysis/dns_resolver.hpp>
#include <core/message_headers.hpp>
#include <core/model.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace inboxprobe::analyze_detail {

// Evidence is cut to this many bytes: enough to recognise the field, bounded
// for reports and the history database.
constexpr std::size_t k_max_evidence_bytes = 400;

// At most this many Authentication-Results fields are parsed per message.
constexpr std::size_t k_max_auth_results_fields = 100;

// Append a Finding with the catalogue's severity, advice and RFC section
// (findings.hpp); evidence is cut to k_max_evidence_bytes. Throws Bug for a
// code that is not catalogued.
void add_finding(ProbeResult& result,
                 std::string_view code,
                 std::string message,
                 std::string_view evidence);
// The same with an explicit severity (advice and RFC still come from the
// catalogue when the code is there).
void add_finding(ProbeResult& result,
                 std::string code,
                 Severity severity,
                 std::string message,
                 std::string_view evidence);

// RFC 8601: every Authentication-Results field parsed and marked trusted or
// not; spf/dkim/dmarc from the top-most trusted field.
void read_auth_results(const std::vector<HeaderField>& fields,
                       const AnalysisContext& context,
                       ProbeResult& result);

// RFC 6376: our own verification beside the provider's verdict.
void check_dkim(std::string_view message,
                const std::vector<HeaderField>& fields,
                const DkimKeyLookup& keys,
                ProbeResult& result);

// RFC 5321 §4.4: the Received chain as hops (TLS, delays), clock skew
// between hops, where the time went, hops without TLS.
void read_path(const std::vector<HeaderField>& fields, ProbeResult& result);

// RFC 7208: our own SPF check of the client the provider recorded.
void
check_spf_pass(const std::vector<HeaderField>& fields, const DnsResolver& dns, ProbeResult& result);

// RFC 7489: our own DMARC evaluation; own DKIM results are used when
// `own_dkim_ran`, else the provider's.
void check_dmarc_pass(const std::vector<HeaderField>& fields,
                      const DnsResolver& dns,
                      bool own_dkim_ran,
                      ProbeResult& result);

// RFC 8617: the ARC chain as we verify it.
void check_arc(std::string_view message,
               const std::vector<HeaderField>& fields,
               const DkimKeyLookup& keys,
               ProbeResult& result);

// The 2024 bulk-sender requirements (Gmail, Yahoo) as result.compliance;
// runs after every other pass.
void
check_compliance(const std::vector<HeaderField>& fields, bool own_dkim_ran, ProbeResult& result);

// The spam filter's verdict fields.
void read_spam_verdict(const std::vector<HeaderField>& fields, ProbeResult& result);

// What of a message the passes read (message_limits.hpp).
struct BoundedMessage
{
  std::string_view bytes; // the whole message, or a bounded start of it
  bool whole = true;      // false: the body is not read (DKIM, ARC and MIME checks skipped)
};

// The message within the limits, with the findings about its form:
// message.too_large, .header_too_large, .nul_byte, .header_not_utf8.
BoundedMessage bound_message(std::string_view message, ProbeResult& result);

// message.too_many_fields when parse_header_fields stopped at its limit.
void check_field_count(const std::vector<HeaderField>& fields, ProbeResult& result);

// RFC 2045/2046: the MIME structure to k_max_mime_depth; mime.too_deep,
// mime.bad_base64, mime.bad_quoted_printable.
void check_mime_structure(std::string_view message, ProbeResult& result);

} // namespace inboxprobe::analyze_detail
