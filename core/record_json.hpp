// JSON form of the pipeline records (nlohmann-json ADL hooks). Used by the
// history store (analysis results are kept as JSON so that new fields need no
// migration) and by the reports' JSON output. This is the one core header that
// exposes a third-party type; only targets that already link nlohmann_json
// include it.
//
// Field names are the record's member names; enumerations are their RFC/report
// tokens (model.hpp). from_json throws nlohmann::json::exception on a shape
// mismatch; callers that read stored data catch it and return an Error.
#pragma once

#include <core/model.hpp>

#include <nlohmann/json.hpp>

namespace inboxprobe {

void to_json(nlohmann::json& j, const AuthResult& value);
void from_json(const nlohmann::json& j, AuthResult& value);
void to_json(nlohmann::json& j, const AuthResultsField& value);
void from_json(const nlohmann::json& j, AuthResultsField& value);
void to_json(nlohmann::json& j, const DkimCheck& value);
void from_json(const nlohmann::json& j, DkimCheck& value);
void to_json(nlohmann::json& j, const SpamVerdict& value);
void from_json(const nlohmann::json& j, SpamVerdict& value);
void to_json(nlohmann::json& j, const Finding& value);
void from_json(const nlohmann::json& j, Finding& value);
void to_json(nlohmann::json& j, const Hop& value);
void from_json(const nlohmann::json& j, Hop& value);
void to_json(nlohmann::json& j, const SpfCheck& value);
void from_json(const nlohmann::json& j, SpfCheck& value);
void to_json(nlohmann::json& j, const DmarcCheck& value);
void from_json(const nlohmann::json& j, DmarcCheck& value);
void to_json(nlohmann::json& j, const ArcSetCheck& value);
void from_json(const nlohmann::json& j, ArcSetCheck& value);
void to_json(nlohmann::json& j, const ArcCheck& value);
void from_json(const nlohmann::json& j, ArcCheck& value);
void to_json(nlohmann::json& j, const Compliance& value);
void from_json(const nlohmann::json& j, Compliance& value);
// New members (advice, rfc, hops, own_spf, ...) are optional on reading, so
// results stored by an older version still load.
void to_json(nlohmann::json& j, const BounceReport& value);
void from_json(const nlohmann::json& j, BounceReport& value);
void to_json(nlohmann::json& j, const ProbeResult& value);
void from_json(const nlohmann::json& j, ProbeResult& value);
void to_json(nlohmann::json& j, const SmtpReply& value);
void to_json(nlohmann::json& j, const Probe& value);
// Without transcript and message bytes (they are kept in the store, not in
// reports).
void to_json(nlohmann::json& j, const Submission& value);
// Without message bytes.
void to_json(nlohmann::json& j, const Sighting& value);

} // namespace inboxprobe
