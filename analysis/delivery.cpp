// Placement rules for bounces, late arrivals and duplicates (see delivery.hpp).
#include "delivery.hpp"

#include "analyze_passes.hpp"
#include "dsn.hpp"
#include "received.hpp"

#include <set>

namespace inboxprobe {

namespace {

using analyze_detail::add_finding;

// One message, however many folders show it: Gmail shows a message in every
// label's folder with the same X-GM-MSGID.
std::string
message_identity(const Sighting& s)
{
  if (s.gmail_msgid != 0) {
    return "gm:" + std::to_string(s.gmail_msgid);
  }
  return s.folder + "/" + std::to_string(s.uidvalidity) + "/" + std::to_string(s.uid);
}

void
apply_duplicate(const DeliveryEvidence& evidence, ProbeResult& result)
{
  std::set<std::string> messages;
  std::string where;
  for (const Sighting* s : evidence.copies) {
    if (messages.insert(message_identity(*s)).second) {
      where += (where.empty() ? "" : ", ") + s->folder + " UID " + std::to_string(s->uid);
    }
  }
  if (messages.size() < 2) {
    return;
  }
  result.placement = Placement::duplicate;
  add_finding(result,
              "placement.duplicate",
              Severity::warning,
              "the probe was delivered " + std::to_string(messages.size())
                + " times (reported once)",
              where);
}

void
apply_late(const DeliveryEvidence& evidence, ProbeResult& result)
{
  const Sighting& first = *evidence.copies.front();
  if (evidence.deadline_at_ms <= 0 || first.found_at_ms <= evidence.deadline_at_ms
      || first.internaldate_at * 1000 <= evidence.deadline_at_ms) {
    return;
  }
  const std::string earlier =
    evidence.earlier_verdict ? std::string(to_string(*evidence.earlier_verdict)) : "none yet";
  if (result.placement != Placement::duplicate) {
    result.placement = Placement::late;
  }
  add_finding(result,
              "placement.late",
              Severity::warning,
              "the probe arrived after its deadline and was found by a later collection",
              "deadline " + format_utc_iso(evidence.deadline_at_ms / 1000) + ", arrived "
                + format_utc_iso(first.internaldate_at) + " in " + first.folder + " ("
                + std::string(to_string(first.role)) + "); earlier verdict: " + earlier);
}

void
apply_bounce(const Probe& probe, const DeliveryEvidence& evidence, ProbeResult& result)
{
  for (const Sighting* s : evidence.bounces) {
    const auto report = parse_dsn(s->message_bytes);
    const DsnRecipient* r = report ? find_dsn_recipient(*report, probe.seed) : nullptr;
    if (r == nullptr) {
      add_finding(result,
                  "bounce.unparsable",
                  Severity::warning,
                  "a message about the probe in the bounce mailbox is not a readable DSN",
                  s->folder + " UID " + std::to_string(s->uid));
      continue;
    }
    const std::string evidence_text = r->status + " " + r->diagnostic;
    if (r->action == "delayed") {
      add_finding(
        result, "delivery.delayed", Severity::info, "a server reported a delay", evidence_text);
      continue;
    }
    if (r->action != "failed") {
      continue; // delivered / relayed / expanded: success notices
    }
    if (!evidence.copies.empty()) {
      add_finding(result,
                  "placement.found_despite_bounce",
                  Severity::warning,
                  "a DSN reported failure, yet the probe was found",
                  evidence_text);
      return;
    }
    result.placement = Placement::bounced;
    result.bounce = BounceReport{
      r->action, r->status, r->diagnostic, r->remote_mta, report->reporting_mta, s->found_at_ms};
    add_finding(result,
                "delivery.bounced",
                Severity::error,
                "the route accepted the probe, then a server refused it (DSN)",
                evidence_text);
    return;
  }
}

} // namespace

ProbeResult
analyze_delivery(const Probe& probe,
                 const Submission* submission,
                 const DeliveryEvidence& evidence,
                 const AnalysisContext& context)
{
  const Sighting* first = evidence.copies.empty() ? nullptr : evidence.copies.front();
  ProbeResult result = analyze_probe(probe, submission, first, context);
  if (first) {
    result.gmail_tab = first->gmail_tab;
  }
  if (result.placement == Placement::rejected) {
    return result; // the route refused it: nothing later changes that
  }
  if (first) {
    // Several copies, then whether the first came after the deadline.
    apply_duplicate(evidence, result);
    apply_late(evidence, result);
  }
  // A DSN about it in the bounce mailbox.
  apply_bounce(probe, evidence, result);
  return result;
}

} // namespace inboxprobe
