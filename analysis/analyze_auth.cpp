// The message passes of the analysis stage (see analyze_passes.hpp): the
// provider's Authentication-Results (RFC 8601 §5: trust only the receiving
// provider's authserv-id) and the spam verdict.
#include "analyze_passes.hpp"
#include "auth_results.hpp"
#include "spam_verdict.hpp"
#include "text.hpp"

#include <algorithm>
#include <cstdio>

namespace inboxprobe::analyze_detail {

namespace {

// The authserv-id before a "/": OpenDKIM's AuthservIDWithJobID writes
// "host/jobid". An empty id (Microsoft) cannot be attributed: never trusted.
bool
is_trusted(const std::string& authserv_id, const std::vector<std::string>& trusted_ids)
{
  const std::string_view id = std::string_view(authserv_id).substr(0, authserv_id.find('/'));
  return !id.empty()
         && std::any_of(trusted_ids.begin(), trusted_ids.end(), [id](const std::string& trusted) {
              return text::iequals(id, trusted);
            });
}

bool
has_prop(const AuthResult& result, std::string_view name)
{
  return std::any_of(result.props.begin(), result.props.end(), [name](const auto& prop) {
    return prop.first == name;
  });
}

// The provider's verdict for `method` in one field. dkim: pass when any
// signature passed (one is enough for DMARC), else the first result. spf:
// the MAIL FROM result; a result with only smtp.helo checked the HELO name
// (RFC 7208 §2.3), not the envelope sender.
AuthVerdict
verdict_for(const AuthResultsField& field, std::string_view method)
{
  std::optional<AuthVerdict> first;
  for (const AuthResult& result : field.results) {
    if (result.method != method) {
      continue;
    }
    if (method == "spf" && has_prop(result, "smtp.helo") && !has_prop(result, "smtp.mailfrom")) {
      continue;
    }
    const AuthVerdict verdict = parse_auth_verdict(result.result);
    if (method == "dkim" && verdict == AuthVerdict::pass) {
      return verdict;
    }
    first = first.value_or(verdict);
  }
  return first.value_or(AuthVerdict::none);
}

std::string
joined(const std::vector<std::string>& items)
{
  std::string out;
  for (const std::string& item : items) {
    out += (out.empty() ? "" : ", ") + item;
  }
  return out;
}

// Every Authentication-Results field, top to bottom, into result.auth_results
// with its trust mark; returns the authserv-ids that are not trusted.
std::vector<std::string>
parse_fields(const std::vector<HeaderField>& fields,
             const AnalysisContext& context,
             ProbeResult& result)
{
  std::vector<std::string> untrusted;
  std::size_t seen = 0;
  for (const HeaderField& field : fields) {
    // ARC-Authentication-Results and X-Original-Authentication-Results have
    // other names: they record earlier hops, not this one.
    if (!text::iequals(field.name, "Authentication-Results")) {
      continue;
    }
    if (++seen > k_max_auth_results_fields) {
      add_finding(result,
                  "auth_results.too_many",
                  "more Authentication-Results fields than are read",
                  std::to_string(k_max_auth_results_fields) + " read");
      break;
    }
    auto parsed = parse_auth_results(field.value, AuthResParse::lenient);
    if (!parsed) {
      add_finding(result,
                  "auth_results.unparsable",
                  "an Authentication-Results field cannot be read: " + parsed.error().what,
                  unfold(field.value));
      continue;
    }
    parsed->trusted = is_trusted(parsed->authserv_id, context.trusted_authserv_ids);
    if (!parsed->trusted) {
      untrusted.push_back(parsed->authserv_id.empty() ? "(no authserv-id)" : parsed->authserv_id);
    }
    result.auth_results.push_back(std::move(*parsed));
  }
  return untrusted;
}

// Microsoft's bulk complaint level: 4-7 mixed, 8-9 bulk with many
// complaints; tenants filter at 7 by default, stricter ones lower.
constexpr int k_bulk_bcl = 4;

void
flag_bulk(const SpamVerdict& verdict, ProbeResult& result)
{
  for (const auto& [key, value] : verdict.details) {
    if (key == "BCL" && !value.empty() && value.size() < 3
        && std::all_of(value.begin(), value.end(), text::is_digit)
        && std::stoi(value) >= k_bulk_bcl) {
      add_finding(result,
                  "spam.bulk",
                  "Microsoft rates the message as bulk mail (BCL " + value + ")",
                  "BCL:" + value);
    }
  }
}

} // namespace

void
read_auth_results(const std::vector<HeaderField>& fields,
                  const AnalysisContext& context,
                  ProbeResult& result)
{
  const std::vector<std::string> untrusted = parse_fields(fields, context, result);
  const auto top_trusted =
    std::find_if(result.auth_results.begin(),
                 result.auth_results.end(),
                 [](const AuthResultsField& field) { return field.trusted; });
  if (top_trusted != result.auth_results.end()) {
    result.spf = verdict_for(*top_trusted, "spf");
    result.dkim = verdict_for(*top_trusted, "dkim");
    result.dmarc = verdict_for(*top_trusted, "dmarc");
  } else if (!context.trusted_authserv_ids.empty() && !result.auth_results.empty()) {
    add_finding(result,
                "auth_results.no_trusted",
                "no Authentication-Results field from the seed's provider",
                "trusted: " + joined(context.trusted_authserv_ids));
  }
  if (!untrusted.empty()) {
    add_finding(result,
                "auth_results.untrusted",
                "Authentication-Results from other servers are shown but not "
                "used as the provider's verdict (RFC 8601 §5)",
                joined(untrusted));
  }
}

void
read_spam_verdict(const std::vector<HeaderField>& fields, ProbeResult& result)
{
  result.spam_verdict = parse_spam_verdict(fields);
  if (!result.spam_verdict) {
    return;
  }
  flag_bulk(*result.spam_verdict, result);
  if (result.spam_verdict->is_spam != true) {
    return;
  }
  const SpamVerdict& verdict = *result.spam_verdict;
  std::string evidence = verdict.engine;
  if (verdict.score) {
    char score[32];
    std::snprintf(score, sizeof score, " score %.2f", *verdict.score);
    evidence += score;
  }
  if (!verdict.symbols.empty()) {
    evidence += ": " + joined(verdict.symbols);
  }
  add_finding(result, "spam.flagged", "the spam filter flagged the message as spam", evidence);
}

} // namespace inboxprobe::analyze_detail
