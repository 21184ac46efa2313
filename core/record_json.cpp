// JSON (de)serialization of the records in model.hpp.
#include "record_json.hpp"

namespace inboxprobe {

namespace {

using nlohmann::json;

template<typename E, typename Parse>
E
enum_from(const json& j, const char* key, Parse parse)
{
  const auto value = parse(j.at(key).get<std::string>());
  if (!value) {
    throw json::other_error::create(
      501, std::string("unknown token for ") + key + ": " + j.at(key).get<std::string>(), &j);
  }
  return *value;
}

template<typename T>
void
get_optional(const json& j, const char* key, std::optional<T>& out)
{
  const auto it = j.find(key);
  if (it != j.end() && !it->is_null()) {
    out = it->get<T>();
  } else {
    out.reset();
  }
}

// Newer fields are read only when present: results stored by an older
// version (JSON in the history) keep loading with the field's default.
template<typename T>
void
get_if_present(const json& j, const char* key, T& out)
{
  const auto it = j.find(key);
  if (it != j.end() && !it->is_null()) {
    it->get_to(out);
  }
}

AuthVerdict
verdict_if_present(const json& j, const char* key)
{
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? parse_auth_verdict(it->get<std::string>())
                                          : AuthVerdict::none;
}

template<typename T>
void
put_optional(json& j, const char* key, const std::optional<T>& value)
{
  j[key] = value ? json(*value) : json(nullptr);
}

} // namespace

void
to_json(json& j, const AuthResult& value)
{
  j = json{{"method", value.method},
           {"method_version", value.method_version},
           {"result", value.result},
           {"reason", value.reason},
           {"props", value.props}};
}

void
from_json(const json& j, AuthResult& value)
{
  j.at("method").get_to(value.method);
  j.at("method_version").get_to(value.method_version);
  j.at("result").get_to(value.result);
  j.at("reason").get_to(value.reason);
  j.at("props").get_to(value.props);
}

void
to_json(json& j, const AuthResultsField& value)
{
  j = json{{"authserv_id", value.authserv_id},
           {"version", value.version},
           {"trusted", value.trusted},
           {"none", value.none},
           {"results", value.results},
           {"raw", value.raw}};
}

void
from_json(const json& j, AuthResultsField& value)
{
  j.at("authserv_id").get_to(value.authserv_id);
  j.at("version").get_to(value.version);
  j.at("trusted").get_to(value.trusted);
  j.at("none").get_to(value.none);
  j.at("results").get_to(value.results);
  j.at("raw").get_to(value.raw);
}

void
to_json(json& j, const DkimCheck& value)
{
  j = json{{"domain", value.domain},
           {"selector", value.selector},
           {"algorithm", value.algorithm},
           {"canonicalization", value.canonicalization},
           {"body_length", value.body_length},
           {"signed_headers", value.signed_headers},
           {"verdict", to_string(value.verdict)},
           {"error", value.error}};
}

void
from_json(const json& j, DkimCheck& value)
{
  j.at("domain").get_to(value.domain);
  j.at("selector").get_to(value.selector);
  j.at("algorithm").get_to(value.algorithm);
  j.at("canonicalization").get_to(value.canonicalization);
  j.at("body_length").get_to(value.body_length);
  j.at("signed_headers").get_to(value.signed_headers);
  value.verdict = parse_auth_verdict(j.at("verdict").get<std::string>());
  j.at("error").get_to(value.error);
}

void
to_json(json& j, const SpamVerdict& value)
{
  j = json{{"engine", value.engine},
           {"action", value.action},
           {"symbols", value.symbols},
           {"details", value.details}};
  put_optional(j, "is_spam", value.is_spam);
  put_optional(j, "score", value.score);
  put_optional(j, "threshold", value.threshold);
}

void
from_json(const json& j, SpamVerdict& value)
{
  j.at("engine").get_to(value.engine);
  j.at("action").get_to(value.action);
  j.at("symbols").get_to(value.symbols);
  get_optional(j, "is_spam", value.is_spam);
  get_optional(j, "score", value.score);
  get_optional(j, "threshold", value.threshold);
  get_if_present(j, "details", value.details);
}

void
to_json(json& j, const Finding& value)
{
  j = json{{"code", value.code},
           {"severity", to_string(value.severity)},
           {"message", value.message},
           {"evidence", value.evidence},
           {"advice", value.advice},
           {"rfc", value.rfc}};
}

void
from_json(const json& j, Finding& value)
{
  j.at("code").get_to(value.code);
  value.severity = enum_from<Severity>(j, "severity", parse_severity);
  j.at("message").get_to(value.message);
  j.at("evidence").get_to(value.evidence);
  get_if_present(j, "advice", value.advice);
  get_if_present(j, "rfc", value.rfc);
}

void
to_json(json& j, const Hop& value)
{
  j = json{{"from", value.from},
           {"from_ip", value.from_ip},
           {"by", value.by},
           {"with", value.with},
           {"id", value.id},
           {"for", value.for_},
           {"tls", value.tls},
           {"tls_version", value.tls_version},
           {"tls_cipher", value.tls_cipher}};
  put_optional(j, "date_at", value.date_at);
  put_optional(j, "delay_s", value.delay_s);
}

void
from_json(const json& j, Hop& value)
{
  get_if_present(j, "from", value.from);
  get_if_present(j, "from_ip", value.from_ip);
  get_if_present(j, "by", value.by);
  get_if_present(j, "with", value.with);
  get_if_present(j, "id", value.id);
  get_if_present(j, "for", value.for_);
  get_if_present(j, "tls", value.tls);
  get_if_present(j, "tls_version", value.tls_version);
  get_if_present(j, "tls_cipher", value.tls_cipher);
  get_optional(j, "date_at", value.date_at);
  get_optional(j, "delay_s", value.delay_s);
}

void
to_json(json& j, const SpfCheck& value)
{
  j = json{{"ip", value.ip},
           {"helo", value.helo},
           {"mail_from", value.mail_from},
           {"domain", value.domain},
           {"identity", value.identity},
           {"verdict", to_string(value.verdict)},
           {"detail", value.detail}};
}

void
from_json(const json& j, SpfCheck& value)
{
  get_if_present(j, "ip", value.ip);
  get_if_present(j, "helo", value.helo);
  get_if_present(j, "mail_from", value.mail_from);
  get_if_present(j, "domain", value.domain);
  get_if_present(j, "identity", value.identity);
  value.verdict = verdict_if_present(j, "verdict");
  get_if_present(j, "detail", value.detail);
}

void
to_json(json& j, const DmarcCheck& value)
{
  j = json{{"from_domain", value.from_domain},
           {"org_domain", value.org_domain},
           {"record", value.record},
           {"policy", value.policy},
           {"pct", value.pct},
           {"adkim", value.adkim},
           {"aspf", value.aspf},
           {"dkim_aligned", value.dkim_aligned},
           {"spf_aligned", value.spf_aligned},
           {"verdict", to_string(value.verdict)},
           {"detail", value.detail}};
}

void
from_json(const json& j, DmarcCheck& value)
{
  get_if_present(j, "from_domain", value.from_domain);
  get_if_present(j, "org_domain", value.org_domain);
  get_if_present(j, "record", value.record);
  get_if_present(j, "policy", value.policy);
  get_if_present(j, "pct", value.pct);
  get_if_present(j, "adkim", value.adkim);
  get_if_present(j, "aspf", value.aspf);
  get_if_present(j, "dkim_aligned", value.dkim_aligned);
  get_if_present(j, "spf_aligned", value.spf_aligned);
  value.verdict = verdict_if_present(j, "verdict");
  get_if_present(j, "detail", value.detail);
}

void
to_json(json& j, const ArcSetCheck& value)
{
  j = json{{"instance", value.instance},
           {"domain", value.domain},
           {"selector", value.selector},
           {"cv", value.cv},
           {"algorithm", value.algorithm},
           {"seal", to_string(value.seal)},
           {"message", to_string(value.message)},
           {"error", value.error}};
}

void
from_json(const json& j, ArcSetCheck& value)
{
  get_if_present(j, "instance", value.instance);
  get_if_present(j, "domain", value.domain);
  get_if_present(j, "selector", value.selector);
  get_if_present(j, "cv", value.cv);
  get_if_present(j, "algorithm", value.algorithm);
  value.seal = verdict_if_present(j, "seal");
  value.message = verdict_if_present(j, "message");
  get_if_present(j, "error", value.error);
}

void
to_json(json& j, const ArcCheck& value)
{
  j = json{{"chain", value.chain}, {"sets", value.sets}, {"error", value.error}};
}

void
from_json(const json& j, ArcCheck& value)
{
  get_if_present(j, "chain", value.chain);
  get_if_present(j, "sets", value.sets);
  get_if_present(j, "error", value.error);
}

void
to_json(json& j, const Compliance& value)
{
  j = json{{"spf_pass", value.spf_pass},
           {"dkim_pass", value.dkim_pass},
           {"dmarc_present", value.dmarc_present},
           {"dmarc_aligned", value.dmarc_aligned},
           {"one_click_unsubscribe", value.one_click_unsubscribe},
           {"tls_every_hop", value.tls_every_hop},
           {"fcrdns", value.fcrdns}};
}

void
from_json(const json& j, Compliance& value)
{
  get_if_present(j, "spf_pass", value.spf_pass);
  get_if_present(j, "dkim_pass", value.dkim_pass);
  get_if_present(j, "dmarc_present", value.dmarc_present);
  get_if_present(j, "dmarc_aligned", value.dmarc_aligned);
  get_if_present(j, "one_click_unsubscribe", value.one_click_unsubscribe);
  get_if_present(j, "tls_every_hop", value.tls_every_hop);
  get_if_present(j, "fcrdns", value.fcrdns);
}

void
to_json(json& j, const BounceReport& value)
{
  j = json{{"action", value.action},
           {"status", value.status},
           {"diagnostic", value.diagnostic},
           {"remote_mta", value.remote_mta},
           {"reporting_mta", value.reporting_mta},
           {"found_at_ms", value.found_at_ms}};
}

void
from_json(const json& j, BounceReport& value)
{
  j.at("action").get_to(value.action);
  j.at("status").get_to(value.status);
  j.at("diagnostic").get_to(value.diagnostic);
  j.at("remote_mta").get_to(value.remote_mta);
  j.at("reporting_mta").get_to(value.reporting_mta);
  j.at("found_at_ms").get_to(value.found_at_ms);
}

void
to_json(json& j, const ProbeResult& value)
{
  j = json{{"probe_id", value.probe_id},
           {"placement", to_string(value.placement)},
           {"folder", value.folder},
           {"latency_resolution_ms", value.latency_resolution_ms},
           {"spf", to_string(value.spf)},
           {"dkim", to_string(value.dkim)},
           {"dmarc", to_string(value.dmarc)},
           {"auth_results", value.auth_results},
           {"own_dkim", value.own_dkim},
           {"hops", value.hops},
           {"arc", value.arc},
           {"compliance", value.compliance},
           {"findings", value.findings}};
  j["own_spf"] = value.own_spf ? json(*value.own_spf) : json(nullptr);
  j["own_dmarc"] = value.own_dmarc ? json(*value.own_dmarc) : json(nullptr);
  put_optional(j, "latency_ms", value.latency_ms);
  put_optional(j, "detection_lag_ms", value.detection_lag_ms);
  j["spam_verdict"] = value.spam_verdict ? json(*value.spam_verdict) : json(nullptr);
  j["gmail_tab"] = value.gmail_tab;
  put_optional(j, "bounce", value.bounce);
}

void
from_json(const json& j, ProbeResult& value)
{
  j.at("probe_id").get_to(value.probe_id);
  value.placement = enum_from<Placement>(j, "placement", parse_placement);
  j.at("folder").get_to(value.folder);
  j.at("latency_resolution_ms").get_to(value.latency_resolution_ms);
  value.spf = parse_auth_verdict(j.at("spf").get<std::string>());
  value.dkim = parse_auth_verdict(j.at("dkim").get<std::string>());
  value.dmarc = parse_auth_verdict(j.at("dmarc").get<std::string>());
  j.at("auth_results").get_to(value.auth_results);
  j.at("own_dkim").get_to(value.own_dkim);
  j.at("findings").get_to(value.findings);
  get_optional(j, "latency_ms", value.latency_ms);
  get_optional(j, "detection_lag_ms", value.detection_lag_ms);
  get_optional(j, "spam_verdict", value.spam_verdict);
  get_if_present(j, "hops", value.hops);
  get_optional(j, "own_spf", value.own_spf);
  get_optional(j, "own_dmarc", value.own_dmarc);
  get_if_present(j, "arc", value.arc);
  get_if_present(j, "compliance", value.compliance);
  // Absent in results stored before these fields existed.
  value.gmail_tab = j.value("gmail_tab", std::string());
  get_optional(j, "bounce", value.bounce);
}

void
to_json(json& j, const SmtpReply& value)
{
  j = json{{"code", value.code}, {"enhanced_code", value.enhanced_code}, {"text", value.text}};
}

void
to_json(json& j, const Probe& value)
{
  j = json{{"id", value.id},
           {"run_id", value.run_id},
           {"token", value.token},
           {"route", value.route},
           {"seed", value.seed},
           {"content", value.content}};
}

void
to_json(json& j, const Submission& value)
{
  j = json{{"probe_id", value.probe_id},
           {"outcome", to_string(value.outcome)},
           {"step", to_string(value.step)},
           {"reply", value.reply},
           {"error", value.error},
           {"message_id", value.message_id},
           {"queue_id", value.queue_id},
           {"started_at_ms", value.started_at_ms},
           {"accepted_at_ms", value.accepted_at_ms},
           {"dns_ms", value.dns_ms},
           {"connect_ms", value.connect_ms},
           {"tls_ms", value.tls_ms},
           {"greeting_ms", value.greeting_ms},
           {"end_of_data_ms", value.end_of_data_ms},
           {"total_ms", value.total_ms},
           {"tls_version", value.tls_version},
           {"tls_cipher", value.tls_cipher},
           {"attempts", value.attempts},
           {"reused_connection", value.reused_connection},
           {"findings", value.findings}};
}

void
to_json(json& j, const Sighting& value)
{
  j = json{{"probe_id", value.probe_id},
           {"folder", value.folder},
           {"role", to_string(value.role)},
           {"uid", value.uid},
           {"uidvalidity", value.uidvalidity},
           {"internaldate_at", value.internaldate_at},
           {"found_at_ms", value.found_at_ms},
           {"matched_by", value.matched_by},
           {"gmail_tab", value.gmail_tab},
           {"gmail_msgid", value.gmail_msgid}};
}

} // namespace inboxprobe
