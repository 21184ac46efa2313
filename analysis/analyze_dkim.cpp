// The own-DKIM pass (see analyze_passes.hpp): every DKIM-Signature verified by
// us (RFC 6376 §6) beside the provider's verdict, and the weaknesses a pass
// hides: l= (RFC 6376 §8.2), rsa-sha1 (RFC 8301 §3.1), headers a second
// instance could be added to (over-signing gaps, RFC 6376 §8.15) and
// duplicate From fields (RFC 6376 §8.15, RFC 5322 §3.6).
#include "analyze_passes.hpp"
#include "dkim_check.hpp"
#include "text.hpp"

#include <algorithm>
#include <array>
#include <map>

namespace inboxprobe::analyze_detail {

namespace {

// Headers a reader sees and trusts: a second, unsigned instance of one of
// them could be shown instead of the signed one.
constexpr std::array<std::string_view, 7> k_key_headers = {
  "from", "to", "cc", "subject", "date", "reply-to", "message-id"};

std::string
joined(const std::vector<std::string>& items)
{
  std::string out;
  for (const std::string& item : items) {
    out += (out.empty() ? "" : ", ") + item;
  }
  return out;
}

std::string
describe(const DkimCheck& check)
{
  std::string out =
    "d=" + check.domain + " s=" + check.selector + ": " + std::string(to_string(check.verdict));
  if (!check.error.empty()) {
    out += " (" + check.error + ")";
  }
  if (check.body_length >= 0) {
    out += " l=" + std::to_string(check.body_length);
  }
  return out;
}

void
compare_with_provider(ProbeResult& result, bool own_pass, const std::string& own_checks)
{
  const bool own_temporary =
    std::any_of(result.own_dkim.begin(), result.own_dkim.end(), [](const DkimCheck& check) {
      return check.verdict == AuthVerdict::temperror;
    });
  if (result.dkim == AuthVerdict::none || own_temporary
      || (result.dkim == AuthVerdict::pass) == own_pass) {
    return;
  }
  add_finding(result,
              "dkim.provider_disagrees",
              std::string("the provider says dkim=") + std::string(to_string(result.dkim))
                + ", our check says " + (own_pass ? "pass" : "no signature passes"),
              own_checks);
}

// How often each key header occurs in the message, lowercase name -> count.
std::map<std::string, int>
key_header_counts(const std::vector<HeaderField>& fields)
{
  std::map<std::string, int> counts;
  for (const HeaderField& field : fields) {
    const std::string name = text::to_lower(field.name);
    if (std::find(k_key_headers.begin(), k_key_headers.end(), name) != k_key_headers.end()) {
      ++counts[name];
    }
  }
  return counts;
}

// Key headers present in the message that `signed_headers` (h=) lists no more
// often than they occur: one more instance would not break the signature.
std::vector<std::string>
oversigning_gaps(const std::string& signed_headers, const std::map<std::string, int>& counts)
{
  std::map<std::string, int> signed_counts;
  std::string_view rest = signed_headers;
  while (!rest.empty()) {
    const std::size_t colon = std::min(rest.find(':'), rest.size());
    ++signed_counts[text::to_lower(text::trim(rest.substr(0, colon)))];
    rest.remove_prefix(std::min(colon + 1, rest.size()));
  }
  std::vector<std::string> gaps;
  for (const auto& [name, count] : counts) {
    const auto found = signed_counts.find(name);
    if (found != signed_counts.end() && found->second <= count) {
      gaps.push_back(name);
    }
  }
  return gaps;
}

void
report_signature(const DkimCheck& check,
                 const std::map<std::string, int>& counts,
                 ProbeResult& result)
{
  if (check.body_length >= 0) {
    add_finding(result,
                "dkim.body_length_tag",
                "a DKIM signature covers only the first " + std::to_string(check.body_length)
                  + " body bytes (l=): anyone can append content",
                describe(check));
  }
  if (text::iequals(check.algorithm, "rsa-sha1")) {
    add_finding(result,
                "dkim.rsa_sha1",
                "a DKIM signature uses rsa-sha1, which is not accepted (RFC 8301)",
                describe(check));
  }
  if (check.error == "body hash mismatch") {
    add_finding(result,
                "dkim.body_hash_mismatch",
                "the body was changed after d=" + check.domain + " signed it",
                describe(check));
  }
  if (check.error.find("more than one From") != std::string::npos) {
    add_finding(result,
                "dkim.duplicate_from",
                "the message has several From fields and the signature does not cover them all",
                describe(check));
  }
  if (check.verdict == AuthVerdict::pass) {
    const std::vector<std::string> gaps = oversigning_gaps(check.signed_headers, counts);
    if (!gaps.empty()) {
      add_finding(result,
                  "dkim.oversigning_gap",
                  "d=" + check.domain + " does not over-sign " + joined(gaps)
                    + ": another instance could be added",
                  "h=" + check.signed_headers);
    }
  }
}

} // namespace

void
check_dkim(std::string_view message,
           const std::vector<HeaderField>& fields,
           const DkimKeyLookup& keys,
           ProbeResult& result)
{
  result.own_dkim = verify_dkim(message, keys);
  const std::map<std::string, int> counts = key_header_counts(fields);
  bool own_pass = false;
  std::vector<std::string> described;
  for (const DkimCheck& check : result.own_dkim) {
    own_pass = own_pass || check.verdict == AuthVerdict::pass;
    described.push_back(describe(check));
    report_signature(check, counts, result);
  }
  if (result.own_dkim.empty()) {
    add_finding(result, "dkim.none", "the message is not DKIM-signed", "");
  } else if (!own_pass) {
    add_finding(result, "dkim.fail", "no DKIM signature verifies", joined(described));
  }
  compare_with_provider(result, own_pass, joined(described));
}

} // namespace inboxprobe::analyze_detail
