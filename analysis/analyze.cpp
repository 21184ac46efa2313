// The analysis stage's entry points (see analyze.hpp): the top-level flow as
// a list of named passes (mold's main), each filling its part of the
// ProbeResult. Placement and latency need the probe's records; everything
// else reads only the message bytes.
#include "analyze.hpp"

#include "analyze_passes.hpp"
#include "received.hpp"

#include <cstdio>
#include <cstdlib>

namespace inboxprobe {

namespace {

using analyze_detail::add_finding;

// A difference between INTERNALDATE and the top Received date beyond this is
// reported: both are written by the seed's own server.
constexpr std::int64_t k_internaldate_tolerance_s = 120;

// "2024-01-01T00:00:05.400Z" for UTC epoch milliseconds.
std::string
format_utc_iso_ms(std::int64_t epoch_ms)
{
  const std::int64_t seconds = epoch_ms >= 0 ? epoch_ms / 1000 : (epoch_ms - 999) / 1000;
  std::string text = format_utc_iso(seconds);
  char fraction[8];
  std::snprintf(fraction, sizeof fraction, ".%03d", static_cast<int>(epoch_ms - seconds * 1000));
  text.insert(text.size() - 1, fraction);
  return text;
}

bool
was_refused(SubmitOutcome outcome)
{
  return outcome == SubmitOutcome::rejected || outcome == SubmitOutcome::deferred
         || outcome == SubmitOutcome::failed;
}

Placement
placement_of(FolderRole role)
{
  switch (role) {
  case FolderRole::inbox:
    return Placement::inbox;
  case FolderRole::junk:
    return Placement::spam;
  case FolderRole::other:
  case FolderRole::bounce:
    break;
  }
  return Placement::other;
}

void
decide_placement(const Submission* submission,
                 const Sighting* sighting,
                 const AnalysisContext& context,
                 ProbeResult& result)
{
  if (sighting) {
    result.folder = sighting->folder;
  }
  if (submission == nullptr) {
    result.placement = Placement::pending;
  } else if (was_refused(submission->outcome)) {
    result.placement = Placement::rejected;
    if (sighting) {
      add_finding(result,
                  "placement.found_despite_refusal",
                  "the route did not accept the probe, yet it was found",
                  std::string(to_string(submission->outcome)) + "; found in " + sighting->folder);
    }
  } else if (sighting) {
    result.placement = placement_of(sighting->role);
  } else {
    result.placement =
      context.deadline == DeadlineState::passed ? Placement::missing : Placement::pending;
  }
}

// Arrival (INTERNALDATE, 1 s resolution) minus acceptance (ms).
void
measure_latency(const Submission& submission, const Sighting& sighting, ProbeResult& result)
{
  const std::int64_t arrival_ms = sighting.internaldate_at * 1000;
  result.detection_lag_ms = sighting.found_at_ms - arrival_ms;
  if (submission.accepted_at_ms <= 0) {
    return; // no final reply (uncertain): acceptance time unknown
  }
  std::int64_t latency = arrival_ms - submission.accepted_at_ms;
  result.latency_resolution_ms = 1000;
  if (latency > -1000 && latency < 0) {
    latency = 0; // the seed's clock truncates to whole seconds
  } else if (latency <= -1000) {
    add_finding(result,
                "clock.skew",
                "the probe arrived before it was accepted: the sender's and "
                "the seed's clocks differ",
                "accepted " + format_utc_iso_ms(submission.accepted_at_ms) + ", INTERNALDATE "
                  + format_utc_iso(sighting.internaldate_at));
  }
  result.latency_ms = latency;
}

// INTERNALDATE against the top Received date, both the seed server's clock.
void
cross_check_arrival(const std::vector<HeaderField>& fields,
                    const Sighting& sighting,
                    ProbeResult& result)
{
  const std::vector<ReceivedHop> hops = parse_received_chain(fields);
  if (hops.empty() || !hops.front().date_at) {
    return;
  }
  const std::int64_t received_at = *hops.front().date_at;
  if (std::llabs(received_at - sighting.internaldate_at) > k_internaldate_tolerance_s) {
    add_finding(result,
                "clock.internaldate_mismatch",
                "INTERNALDATE and the top Received date differ by more than "
                  + std::to_string(k_internaldate_tolerance_s) + " s: the latency may be wrong",
                "INTERNALDATE " + format_utc_iso(sighting.internaldate_at) + ", Received "
                  + format_utc_iso(received_at));
  }
}

ProbeResult
analyze_fields(std::string_view message_bytes,
               const std::vector<HeaderField>& fields,
               const AnalysisContext& context,
               bool whole_message)
{
  ProbeResult result;
  // The provider's verdicts from trusted Authentication-Results.
  analyze_detail::read_auth_results(fields, context, result);
  // Our own DKIM verification beside them; it needs the body.
  if (context.dkim_keys != nullptr && whole_message) {
    analyze_detail::check_dkim(message_bytes, fields, *context.dkim_keys, result);
    // The ARC chain the intermediaries sealed.
    analyze_detail::check_arc(message_bytes, fields, *context.dkim_keys, result);
  }
  // The spam filter's verdict.
  analyze_detail::read_spam_verdict(fields, result);
  // The delivery path: hops, TLS per hop, delays.
  analyze_detail::read_path(fields, result);
  // Our own SPF check of the client the provider saw.
  if (context.dns != nullptr) {
    analyze_detail::check_spf_pass(fields, *context.dns, result);
    // Our own DMARC evaluation from the identifiers that passed.
    analyze_detail::check_dmarc_pass(fields, *context.dns, context.dkim_keys != nullptr, result);
  }
  // The bulk-sender requirements, from everything above.
  analyze_detail::check_compliance(fields, context.dkim_keys != nullptr, result);
  return result;
}

// Every pass that reads the message bytes, within the limits
// (message_limits.hpp); `fields` receives the parsed header fields.
ProbeResult
analyze_bytes(std::string_view message_bytes,
              const AnalysisContext& context,
              std::vector<HeaderField>& fields)
{
  ProbeResult form;
  const analyze_detail::BoundedMessage bounded = analyze_detail::bound_message(message_bytes, form);
  fields = parse_header_fields(bounded.bytes);
  analyze_detail::check_field_count(fields, form);
  if (bounded.whole) {
    analyze_detail::check_mime_structure(bounded.bytes, form);
  }
  ProbeResult result = analyze_fields(bounded.bytes, fields, context, bounded.whole);
  result.findings.insert(result.findings.begin(), form.findings.begin(), form.findings.end());
  return result;
}

} // namespace

ProbeResult
analyze_probe(const Probe& probe,
              const Submission* submission,
              const Sighting* sighting,
              const AnalysisContext& context)
{
  std::vector<HeaderField> fields;
  ProbeResult result;
  if (sighting) {
    result = analyze_bytes(sighting->message_bytes, context, fields);
  }
  result.probe_id = probe.id;
  // Where the probe ended up.
  decide_placement(submission, sighting, context, result);
  // What the sender found about the route's setup (plaintext, no verification).
  if (submission) {
    result.findings.insert(
      result.findings.end(), submission->findings.begin(), submission->findings.end());
  }
  // How long it took, and whether the clocks agree.
  if (sighting && submission && !was_refused(submission->outcome)) {
    measure_latency(*submission, *sighting, result);
    cross_check_arrival(fields, *sighting, result);
  }
  return result;
}

ProbeResult
analyze_message(std::string_view message_bytes, const AnalysisContext& context)
{
  std::vector<HeaderField> fields;
  return analyze_bytes(message_bytes, context, fields);
}

} // namespace inboxprobe
