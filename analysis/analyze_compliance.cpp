// The bulk-sender pass (see analyze_passes.hpp): the 2024 Gmail and Yahoo
// requirements as a per-message Compliance record (the reports build the
// per-route table from it). Our own checks count where we ran them, else the
// provider's trusted Authentication-Results. One-click unsubscribe is RFC 8058
// (List-Unsubscribe with an https URI, List-Unsubscribe-Post:
// List-Unsubscribe=One-Click, both covered by a DKIM signature); it is only
// required of bulk content, recognised by Precedence: bulk/list, List-Id,
// List-Unsubscribe or Feedback-ID. Forward-confirmed reverse DNS is the
// provider's iprev result (RFC 8601 §2.7.3).
#include "analyze_passes.hpp"
#include "text.hpp"

#include <algorithm>

namespace inboxprobe::analyze_detail {

namespace {

const char* const k_pass = "pass";
const char* const k_fail = "fail";
const char* const k_unknown = "unknown";

std::string
status(AuthVerdict verdict)
{
  if (verdict == AuthVerdict::pass) {
    return k_pass;
  }
  return verdict == AuthVerdict::none || verdict == AuthVerdict::temperror ? k_unknown : k_fail;
}

const AuthResult*
provider_result(const ProbeResult& result, std::string_view method)
{
  for (const AuthResultsField& field : result.auth_results) {
    if (!field.trusted) {
      continue;
    }
    for (const AuthResult& r : field.results) {
      if (r.method == method) {
        return &r;
      }
    }
    break; // only the top-most trusted field is the provider's verdict
  }
  return nullptr;
}

bool
is_bulk(const std::vector<HeaderField>& fields)
{
  for (const std::string& precedence : header_values(fields, "Precedence")) {
    const std::string value = text::to_lower(precedence);
    if (value == "bulk" || value == "list" || value == "junk") {
      return true;
    }
  }
  return !header_values(fields, "List-Id").empty()
         || !header_values(fields, "List-Unsubscribe").empty()
         || !header_values(fields, "Feedback-ID").empty();
}

// A passing signature of ours whose h= covers both unsubscribe fields, or
// true when we did not verify DKIM ourselves (nothing to judge it by).
bool
unsubscribe_signed(const ProbeResult& result, bool own_dkim_ran)
{
  if (!own_dkim_ran) {
    return true;
  }
  return std::any_of(result.own_dkim.begin(), result.own_dkim.end(), [](const DkimCheck& check) {
    const std::string h = text::to_lower(check.signed_headers);
    return check.verdict == AuthVerdict::pass
           && h.find("list-unsubscribe-post") != std::string::npos
           && h.find("list-unsubscribe:") != std::string::npos;
  });
}

std::string
check_unsubscribe(const std::vector<HeaderField>& fields, bool own_dkim_ran, ProbeResult& result)
{
  if (!is_bulk(fields)) {
    return "n/a";
  }
  const std::vector<std::string> unsubscribe = header_values(fields, "List-Unsubscribe");
  if (unsubscribe.empty()) {
    add_finding(result, "unsubscribe.missing", "bulk content without List-Unsubscribe", "");
    return k_fail;
  }
  const std::vector<std::string> post = header_values(fields, "List-Unsubscribe-Post");
  const bool https = text::to_lower(unsubscribe.front()).find("<https:") != std::string::npos;
  const bool one_click =
    !post.empty() && text::iequals(text::trim(post.front()), "List-Unsubscribe=One-Click");
  if (!https || !one_click || !unsubscribe_signed(result, own_dkim_ran)) {
    add_finding(result,
                "unsubscribe.no_one_click",
                std::string("List-Unsubscribe is not one-click: ")
                  + (!https       ? "no https URI"
                     : !one_click ? "no List-Unsubscribe-Post"
                                  : "not DKIM-signed"),
                "List-Unsubscribe: " + unsubscribe.front());
    return k_fail;
  }
  return k_pass;
}

std::string
check_fcrdns(ProbeResult& result)
{
  const AuthResult* iprev = provider_result(result, "iprev");
  if (iprev == nullptr) {
    return k_unknown;
  }
  const AuthVerdict verdict = parse_auth_verdict(iprev->result);
  if (verdict != AuthVerdict::pass && verdict != AuthVerdict::temperror) {
    std::string evidence = "iprev=" + iprev->result;
    for (const auto& [key, value] : iprev->props) {
      evidence += " " + key + "=" + value;
    }
    add_finding(
      result, "iprev.fail", "the sending IP has no forward-confirmed reverse DNS", evidence);
  }
  return status(verdict);
}

} // namespace

void
check_compliance(const std::vector<HeaderField>& fields, bool own_dkim_ran, ProbeResult& result)
{
  Compliance& c = result.compliance;
  const bool own_spf = result.own_spf && result.own_spf->identity == "mailfrom";
  c.spf_pass = status(own_spf ? result.own_spf->verdict : result.spf);
  const bool dkim_pass =
    std::any_of(result.own_dkim.begin(), result.own_dkim.end(), [](const DkimCheck& d) {
      return d.verdict == AuthVerdict::pass;
    });
  c.dkim_pass = own_dkim_ran ? (dkim_pass ? k_pass : k_fail) : status(result.dkim);
  if (result.own_dmarc) {
    const AuthVerdict verdict = result.own_dmarc->verdict;
    c.dmarc_present = verdict == AuthVerdict::temperror  ? k_unknown
                      : result.own_dmarc->record.empty() ? k_fail
                                                         : k_pass;
    c.dmarc_aligned = status(verdict);
  } else {
    c.dmarc_present = result.dmarc == AuthVerdict::none ? k_unknown : k_pass;
    c.dmarc_aligned = status(result.dmarc);
  }
  c.one_click_unsubscribe = check_unsubscribe(fields, own_dkim_ran, result);
  c.fcrdns = check_fcrdns(result);
  if (c.tls_every_hop.empty()) {
    c.tls_every_hop = k_unknown;
  }
}

} // namespace inboxprobe::analyze_detail
