// A fixed run for the report tests: 2 routes x 3 seeds, 9 probes with known
// placements, latencies, verdicts and findings (the expected figures are
// worked out in run_report_test.cpp).
#pragma once

#include <reports/run_report.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace inboxprobe::test {

// 2025-11-29 08:15:00 UTC.
inline constexpr std::int64_t k_started_at_ms = 1'764'404'100'000;
inline constexpr std::int64_t k_deadline_at_ms = k_started_at_ms + 3'600'000;
// Inside the deadline: unseen probes are still pending.
inline constexpr std::int64_t k_generated_at_ms = k_started_at_ms + 600'000;

inline AuthResultsField
trusted_field(std::string_view dkim, std::string_view spf, std::string_view dmarc)
{
  AuthResultsField field;
  field.authserv_id = "mx.gmail.example";
  field.trusted = true;
  field.results = {{"dkim", "", std::string(dkim), "", {{"header.d", "a.example"}}},
                   {"spf", "", std::string(spf), "", {}},
                   {"dmarc", "", std::string(dmarc), "", {}}};
  field.raw = "mx.gmail.example; dkim=" + std::string(dkim);
  return field;
}

class ReportFixture
{
public:
  RunReportInput input;

  ReportFixture()
  {
    input.run.id = "20251129T081500Z-3kq7";
    input.run.campaign = "nightly";
    input.run.state = "collecting";
    input.run.started_at_ms = k_started_at_ms;
    input.run.deadline_at_ms = k_deadline_at_ms;
    input.run.routes = {"relay-a", "relay-b"};
    input.run.seeds = {{"alice@gmail.example", "gmail"},
                       {"bob@outlook.example", "outlook"},
                       {"carol@lab.example", "lab"}};
    const std::string a = "relay-a";
    const std::string b = "relay-b";
    const std::string s1 = "alice@gmail.example";
    const std::string s2 = "bob@outlook.example";
    const std::string s3 = "carol@lab.example";
    // Listed out of order: the report sorts by route, seed, content, id.
    add_probe(9, b, s3, "promo");
    add_probe(1, a, s1, "plain");
    add_probe(2, a, s2, "plain");
    add_probe(3, a, s3, "plain");
    add_probe(4, a, s1, "promo");
    add_probe(5, a, s2, "promo");
    add_probe(6, b, s1, "plain");
    add_probe(7, b, s2, "plain");
    add_probe(8, b, s3, "plain");

    add_result(1, Placement::inbox, 2300, trusted_field("pass", "pass", "pass"));
    add_result(2, Placement::spam, 0, trusted_field("fail", "pass", "fail"));
    result(2).findings = {{"dkim.fail", Severity::error, "DKIM failed", "bh"},
                          {"spf.softfail", Severity::warning, "SPF", "ip"}};
    add_result(3, Placement::inbox, 61'000, trusted_field("pass", "pass", "pass"));
    AuthResultsField forged = trusted_field("pass", "pass", "pass");
    forged.trusted = false; // not the provider's: does not count
    add_result(4, Placement::inbox, 800, forged);
    add_result(5, Placement::missing, std::nullopt, std::nullopt);
    result(5).findings = {{"probe.missing", Severity::error, "missing", ""}};
    add_result(6, Placement::rejected, std::nullopt, std::nullopt);
    add_result(7, Placement::other, 4000, trusted_field("pass", "softfail", "none"));
    result(7).folder = "Updates";

    submission(6).outcome = SubmitOutcome::rejected;
    submission(6).step = SmtpStep::rcpt;
    submission(6).reply = {550, "5.7.1", "relay denied"};
    // Probe 9 was seen twice (Junk first, then Inbox later); probe 8 is not
    // analysed yet (an interrupted run): it stays pending.
    add_result(9, Placement::spam, std::nullopt, std::nullopt);
    add_sighting(9, "Inbox", FolderRole::inbox, k_started_at_ms + 90'000);
    add_sighting(9, "Junk", FolderRole::junk, k_started_at_ms + 60'000);
    result(1).folder = "INBOX";
    result(1).detection_lag_ms = 45'000;
    add_sighting(1, "INBOX", FolderRole::inbox, k_started_at_ms + 50'000);
  }

  Submission&
  submission(std::int64_t id)
  {
    for (Submission& s : input.submissions) {
      if (s.probe_id == id) {
        return s;
      }
    }
    throw std::logic_error("no submission");
  }

  ProbeResult&
  result(std::int64_t id)
  {
    for (ProbeResult& r : input.results) {
      if (r.probe_id == id) {
        return r;
      }
    }
    throw std::logic_error("no result");
  }

private:
  void
  add_probe(std::int64_t id,
            const std::string& route,
            const std::string& seed,
            const std::string& content)
  {
    input.probes.push_back({id, input.run.id, "tok" + std::to_string(id), route, seed, content});
    Submission s;
    s.probe_id = id;
    s.outcome = SubmitOutcome::accepted;
    s.step = SmtpStep::end_of_data;
    s.reply = {250, "2.0.0", "queued as Q" + std::to_string(id)};
    s.queue_id = "Q" + std::to_string(id);
    s.started_at_ms = k_started_at_ms + id * 1000;
    s.accepted_at_ms = s.started_at_ms + 250;
    s.transcript = "C: MAIL FROM:<a@a.example>";
    s.message_bytes = "Subject: probe\r\n\r\nbody\r\n";
    input.submissions.push_back(s);
  }

  void
  add_result(std::int64_t id,
             Placement placement,
             std::optional<std::int64_t> latency_ms,
             std::optional<AuthResultsField> field)
  {
    ProbeResult r;
    r.probe_id = id;
    r.placement = placement;
    r.latency_ms = latency_ms;
    if (field) {
      r.auth_results.push_back(*field);
      if (field->trusted) {
        r.dkim = parse_auth_verdict(field->results[0].result);
        r.spf = parse_auth_verdict(field->results[1].result);
        r.dmarc = parse_auth_verdict(field->results[2].result);
      }
    }
    input.results.push_back(r);
  }

  void
  add_sighting(std::int64_t id,
               const std::string& folder,
               FolderRole role,
               std::int64_t found_at_ms)
  {
    Sighting s;
    s.probe_id = id;
    s.folder = folder;
    s.role = role;
    s.found_at_ms = found_at_ms;
    s.internaldate_at = found_at_ms / 1000 - 5;
    s.message_bytes = "Subject: probe\r\n\r\nbody\r\n";
    input.sightings.push_back(s);
  }
};

} // namespace inboxprobe::test
