// The own-DMARC pass (see analyze_passes.hpp): the From domain's policy and
// whether a passing DKIM signature or SPF check is aligned with it (RFC 7489
// §6.6), from our own DKIM and SPF results where we ran them, else from the
// provider's trusted Authentication-Results.
#include "analyze_passes.hpp"
#include "dmarc.hpp"
#include "text.hpp"

#include <algorithm>

namespace inboxprobe::analyze_detail {

namespace {

std::string
domain_of(std::string_view address)
{
  const std::size_t at = address.rfind('@');
  return std::string(at == std::string_view::npos ? address : address.substr(at + 1));
}

const AuthResultsField*
top_trusted(const ProbeResult& result)
{
  const auto found = std::find_if(result.auth_results.begin(),
                                  result.auth_results.end(),
                                  [](const AuthResultsField& f) { return f.trusted; });
  return found == result.auth_results.end() ? nullptr : &*found;
}

std::string
prop(const AuthResult& result, std::string_view name)
{
  for (const auto& [key, value] : result.props) {
    if (key == name) {
      return value;
    }
  }
  return "";
}

// The identifiers that passed: ours where we checked, else the provider's.
DmarcInputs
gather_inputs(const std::vector<HeaderField>& fields, bool own_dkim_ran, const ProbeResult& result)
{
  DmarcInputs inputs;
  inputs.from_domain = message_from_domain(fields);
  const AuthResultsField* provider = top_trusted(result);
  if (own_dkim_ran) {
    for (const DkimCheck& check : result.own_dkim) {
      if (check.verdict == AuthVerdict::pass) {
        inputs.dkim_domains.push_back(check.domain);
      }
    }
  }
  if (result.own_spf && result.own_spf->verdict == AuthVerdict::pass) {
    inputs.spf_domain = result.own_spf->domain;
  }
  for (const AuthResult& r : provider ? provider->results : std::vector<AuthResult>{}) {
    if (!own_dkim_ran && r.method == "dkim" && r.result == "pass") {
      inputs.dkim_domains.push_back(prop(r, "header.d"));
    }
    if (!result.own_spf && r.method == "spf" && r.result == "pass") {
      const std::string mailfrom = prop(r, "smtp.mailfrom");
      inputs.spf_domain = mailfrom.empty() ? prop(r, "smtp.helo") : domain_of(mailfrom);
    }
  }
  return inputs;
}

void
report_unaligned(const DmarcInputs& inputs, const DmarcCheck& check, ProbeResult& result)
{
  std::string unaligned;
  for (const std::string& domain : inputs.dkim_domains) {
    if (!is_aligned(domain, check.from_domain, check.adkim.front())) {
      unaligned += (unaligned.empty() ? "dkim d=" : ", dkim d=") + domain;
    }
  }
  if (!inputs.spf_domain.empty() && !check.spf_aligned) {
    unaligned += (unaligned.empty() ? "spf " : ", spf ") + inputs.spf_domain;
  }
  if (!unaligned.empty()) {
    add_finding(result,
                "dmarc.not_aligned",
                "a passing identifier is not aligned with From " + check.from_domain,
                unaligned + " (adkim=" + check.adkim + " aspf=" + check.aspf + ")");
  }
}

void
report(const DmarcInputs& inputs, const DmarcCheck& check, ProbeResult& result)
{
  const std::string evidence = check.record.empty() ? "_dmarc." + check.from_domain : check.record;
  switch (check.verdict) {
  case AuthVerdict::none:
    add_finding(result, "dmarc.none", check.from_domain + " publishes no DMARC record", evidence);
    break;
  case AuthVerdict::permerror:
    add_finding(
      result, "dmarc.permerror", "the DMARC record is unusable: " + check.detail, evidence);
    break;
  case AuthVerdict::temperror:
    add_finding(result, "dmarc.temperror", "the DMARC lookup failed: " + check.detail, evidence);
    break;
  case AuthVerdict::fail:
    add_finding(result,
                "dmarc.fail",
                "no aligned DKIM or SPF pass: p=" + check.policy + " applies",
                evidence);
    break;
  default:
    break;
  }
  if (check.verdict == AuthVerdict::pass || check.verdict == AuthVerdict::fail) {
    report_unaligned(inputs, check, result);
    if (check.policy == "none") {
      add_finding(result, "dmarc.policy_none", "the DMARC policy is monitoring only", evidence);
    }
    if (check.pct < 100) {
      add_finding(result,
                  "dmarc.pct_partial",
                  "the policy applies to " + std::to_string(check.pct) + "% of failing mail",
                  evidence);
    }
  }
  if (result.dmarc != AuthVerdict::none && check.verdict != AuthVerdict::temperror
      && result.dmarc != check.verdict) {
    add_finding(result,
                "dmarc.provider_disagrees",
                "the provider says dmarc=" + std::string(to_string(result.dmarc)) + ", we say "
                  + std::string(to_string(check.verdict)),
                evidence);
  }
}

} // namespace

void
check_dmarc_pass(const std::vector<HeaderField>& fields,
                 const DnsResolver& dns,
                 bool own_dkim_ran,
                 ProbeResult& result)
{
  const DmarcInputs inputs = gather_inputs(fields, own_dkim_ran, result);
  if (inputs.from_domain.empty()) {
    return; // no From address: nothing to evaluate (dkim reports the missing From)
  }
  result.own_dmarc = evaluate_dmarc(inputs, dns);
  report(inputs, *result.own_dmarc, result);
}

} // namespace inboxprobe::analyze_detail
