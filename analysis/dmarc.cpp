// DMARC evaluation of one message (RFC 7489 §6.6; see dmarc.hpp): policy
// discovery at the From domain, then at its organizational domain, then
// alignment of the identifiers that passed.
#include "dmarc.hpp"

#include "text.hpp"

#include <algorithm>

namespace inboxprobe {

namespace {

struct Discovery
{
  std::optional<DmarcRecord> record;
  std::string text;                        // the record as published
  AuthVerdict problem = AuthVerdict::none; // temperror / permerror when no record
  std::string detail;
};

// RFC 7489 §6.6.3: the TXT records at _dmarc.<domain> that start with
// v=DMARC1 (others are ignored); exactly one is a policy.
Discovery
discover(const std::string& domain, const DnsResolver& dns)
{
  Discovery found;
  const auto answer = dns.query("_dmarc." + domain, DnsType::txt);
  if (!answer) {
    if (answer.error().code == "dns.temperror") {
      found.problem = AuthVerdict::temperror;
      found.detail = answer.error().what;
    }
    return found;
  }
  // Records that do not start with v=DMARC1 are not DMARC records.
  std::vector<std::pair<std::string, Result<DmarcRecord>>> candidates;
  for (const std::string& txt : *answer) {
    Result<DmarcRecord> record = parse_dmarc_record(txt);
    if (record
        || (record.error().code != "dmarc.not_dmarc"
            && record.error().code != "dmarc.version_not_first")) {
      candidates.emplace_back(txt, std::move(record));
    }
  }
  if (candidates.size() > 1) {
    found.problem = AuthVerdict::permerror;
    found.detail = "more than one DMARC record at _dmarc." + domain;
    return found;
  }
  if (candidates.empty()) {
    return found;
  }
  found.text = candidates.front().first;
  Result<DmarcRecord>& record = candidates.front().second;
  if (!record) {
    found.problem = AuthVerdict::permerror;
    found.detail = record.error().what;
    return found;
  }
  found.record = std::move(*record);
  return found;
}

} // namespace

std::string
message_from_domain(const std::vector<HeaderField>& fields)
{
  const std::vector<std::string> values = header_values(fields, "From");
  if (values.empty()) {
    return "";
  }
  std::string value = unfold(values.front());
  const std::size_t open = value.rfind('<');
  if (open != std::string::npos) {
    value = value.substr(open + 1, value.find('>', open) - open - 1);
  }
  const std::size_t at = value.rfind('@');
  if (at == std::string::npos) {
    return "";
  }
  std::string_view domain = std::string_view(value).substr(at + 1);
  domain = domain.substr(0, domain.find_first_of(" \t>(;,"));
  return std::string(domain);
}

DmarcCheck
evaluate_dmarc(const DmarcInputs& inputs, const DnsResolver& dns)
{
  DmarcCheck check;
  check.from_domain = normalized_domain(inputs.from_domain);
  check.org_domain = organizational_domain(check.from_domain);
  if (check.from_domain.empty()) {
    check.verdict = AuthVerdict::permerror;
    check.detail = "no usable From domain";
    return check;
  }
  Discovery found = discover(check.from_domain, dns);
  bool at_org = false;
  if (!found.record && found.problem == AuthVerdict::none
      && check.org_domain != check.from_domain) {
    found = discover(check.org_domain, dns);
    at_org = true;
  }
  check.record = found.text;
  if (!found.record) {
    check.verdict = found.problem;
    check.detail = found.detail;
    return check;
  }
  const DmarcRecord& record = *found.record;
  check.policy = at_org ? record.sp : record.p;
  check.pct = record.pct;
  check.adkim = std::string(1, record.adkim);
  check.aspf = std::string(1, record.aspf);
  check.dkim_aligned =
    std::any_of(inputs.dkim_domains.begin(), inputs.dkim_domains.end(), [&](const std::string& d) {
      return is_aligned(d, check.from_domain, record.adkim);
    });
  check.spf_aligned =
    !inputs.spf_domain.empty() && is_aligned(inputs.spf_domain, check.from_domain, record.aspf);
  check.verdict = check.dkim_aligned || check.spf_aligned ? AuthVerdict::pass : AuthVerdict::fail;
  return check;
}

} // namespace inboxprobe
