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
  j = json{{"engine", value.engine}, {"action", value.action}, {"symbols", value.symbols}};
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
}

void
to_json(json& j, const Finding& value)
{
  j = json{{"code", value.code},
           {"severity", to_string(value.severity)},
           {"message", value.message},
           {"evidence", value.evidence}};
}

void
from_json(const json& j, Finding& value)
{
  j.at("code").get_to(value.code);
  value.severity = enum_from<Severity>(j, "severity", parse_severity);
  j.at("message").get_to(value.message);
  j.at("evidence").get_to(value.evidence);
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
           {"findings", value.findings}};
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
           {"connect_ms", value.connect_ms},
           {"tls_ms", value.tls_ms},
           {"total_ms", value.total_ms},
           {"tls_version", value.tls_version}};
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
