// bench/history_fill: writes a history database of N nightly runs x M probes
// through the Store API, with realistic records (a received copy of about
// 2 KB of headers per probe, trusted Authentication-Results, a spam verdict,
// a few findings), for bench/report.sh. Deterministic: the same arguments give
// the same database.
//
//   history_fill DB RUNS PROBES     prints the id of the newest run
#include <core/store/store.hpp>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <string>

using namespace inboxprobe;

namespace {

constexpr std::int64_t k_day_ms = 86'400'000;
constexpr std::int64_t k_first_night_ms = 1'764'381'600'000; // 2025-11-29 02:00 UTC
const char* const k_routes[] = {"relay-a", "relay-b", "relay-c", "relay-d"};
const char* const k_providers[] = {"gmail", "outlook", "yahoo", "gmx", "lab"};

std::string
date(std::int64_t at_s)
{
  const auto t = static_cast<std::time_t>(at_s);
  std::tm parts{};
  gmtime_r(&t, &parts);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S +0000", &parts);
  return buffer;
}

std::string
received_copy(const Probe& probe, std::int64_t arrival_s)
{
  const std::string ar = "mx." + probe.seed.substr(probe.seed.find('@') + 1)
                         + "; dkim=pass header.d=sender.example header.s=s2025 header.b=AbCdEf12; "
                           "spf=pass smtp.mailfrom=bounce@sender.example; dmarc=pass "
                           "header.from=sender.example";
  return "Return-Path: <bounce@sender.example>\r\nDelivered-To: " + probe.seed
         + "\r\nReceived: from mx-in.provider.example by store.provider.example with LMTPS id "
           "x7Kq; "
         + date(arrival_s) + "\r\nReceived: from " + probe.route
         + ".sender.example (" + probe.route
         + ".sender.example [192.0.2.17]) by mx-in.provider.example with ESMTPS id 4AbCd; "
         + date(arrival_s - 1) + "\r\nReceived: from client.sender.example by " + probe.route
         + ".sender.example with ESMTPSA id Q" + std::to_string(probe.id) + "; " + date(arrival_s - 3)
         + "\r\nAuthentication-Results: " + ar
         + "\r\nDKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=sender.example; s=s2025;\r\n"
           "\th=from:to:subject:date:message-id:mime-version:content-type;\r\n"
           "\tbh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;\r\n"
           "\tb=Yk3b9ZQ0p1m7oE3xL8Jq2dHn5VtRkWc4sFgA6uPzN0yMhTiBeXoLaCvDjGr1Kq9Ws2UfE8Hb7Ny\r\n"
           "\t QpZ3tMxV6cRkLw0aJsYd5gFiN4eUoH2bTq8rXvEmP1lCyA7nDkSjWz9GhBu3OfKt6Ri==\r\n"
           "X-Spamd-Result: default: False [1.20 / 15.00]; DKIM_SIGNED(0.00)[sender.example]; "
           "R_SPF_ALLOW(-0.20)[+ip4:192.0.2.17]; MIME_GOOD(-0.10)[text/plain]\r\n"
           "From: Sender <news@sender.example>\r\nTo: "
         + probe.seed + "\r\nSubject: Weekly news " + probe.token.substr(0, 6)
         + "\r\nDate: " + date(arrival_s - 4) + "\r\nMessage-ID: <" + probe.token
         + "@sender.example>\r\nX-Inboxprobe-Probe: " + probe.token
         + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello, this is "
           "the probe body.\r\n";
}

ProbeResult
result_of(const Probe& probe, Placement placement, std::int64_t latency_ms, const std::string& raw)
{
  ProbeResult r;
  r.probe_id = probe.id;
  r.placement = placement;
  r.folder = placement == Placement::spam ? "Junk" : "INBOX";
  r.latency_ms = latency_ms;
  r.detection_lag_ms = 2500;
  r.spf = r.dkim = r.dmarc = AuthVerdict::pass;
  AuthResultsField field;
  field.authserv_id = "mx." + probe.seed.substr(probe.seed.find('@') + 1);
  field.trusted = true;
  field.results = {{"dkim", "", "pass", "", {{"header.d", "sender.example"}}},
                   {"spf", "", "pass", "", {{"smtp.mailfrom", "bounce@sender.example"}}},
                   {"dmarc", "", "pass", "", {{"header.from", "sender.example"}}}};
  field.raw = raw.substr(raw.find("Authentication-Results: ") + 24, 180);
  r.auth_results.push_back(field);
  r.own_dkim.push_back({"sender.example",
                        "s2025",
                        "rsa-sha256",
                        "relaxed/relaxed",
                        -1,
                        "from:to:subject:date:message-id",
                        AuthVerdict::pass,
                        ""});
  r.spam_verdict = SpamVerdict{
    "rspamd", placement == Placement::spam, 1.2, 15.0, "no action", {"DKIM_SIGNED(0.00)"}};
  if (placement == Placement::spam) {
    r.findings.push_back({"spam.flagged", Severity::warning, "the spam filter flagged it", ""});
  }
  return r;
}

int
fill_run(Store& store, int night, int probes, std::string& run_id)
{
  Run run;
  run.id = "night-" + std::to_string(1000 + night);
  run.campaign = "bench";
  run.state = "done";
  run.started_at_ms = k_first_night_ms + night * k_day_ms;
  run.deadline_at_ms = run.started_at_ms + 600'000;
  run.finished_at_ms = run.deadline_at_ms;
  const int seeds = probes / 4;
  run.routes.assign(std::begin(k_routes), std::end(k_routes));
  for (int s = 0; s < seeds; ++s) {
    run.seeds.push_back(
      {"seed" + std::to_string(s) + "@" + k_providers[s % 5] + ".example", k_providers[s % 5]});
  }
  if (!store.create_run(run)) {
    return 1;
  }
  std::vector<Probe> rows;
  for (int i = 0; i < probes; ++i) {
    rows.push_back({0,
                    run.id,
                    "tok" + std::to_string(night) + "x" + std::to_string(i) + "abcdefghijklmnop",
                    k_routes[i % 4],
                    run.seeds[static_cast<std::size_t>(i / 4 % seeds)].address,
                    "plain"});
  }
  if (!store.save_probes(rows)) {
    return 1;
  }
  std::vector<ProbeResult> results;
  for (const Probe& probe : rows) {
    const std::int64_t n = probe.id * 7919 + night;
    const Placement placement = n % 17 == 0   ? Placement::spam
                                : n % 53 == 0 ? Placement::missing
                                              : Placement::inbox;
    const std::int64_t latency_ms = 1000 * (1 + n % 40) + (n % 97 == 0 ? 300'000 : 0);
    Submission submission;
    submission.probe_id = probe.id;
    submission.outcome = SubmitOutcome::accepted;
    submission.step = SmtpStep::end_of_data;
    submission.reply = {250, "2.0.0", "Ok: queued as Q" + std::to_string(probe.id)};
    submission.started_at_ms = run.started_at_ms + probe.id % 600 * 100;
    submission.accepted_at_ms = submission.started_at_ms + 180;
    submission.message_bytes = std::string(1800, 'm');
    (void)store.save_submission(submission, false);
    const std::int64_t arrival_s = (submission.accepted_at_ms + latency_ms) / 1000;
    const std::string raw = received_copy(probe, arrival_s);
    if (placement != Placement::missing) {
      Sighting sighting;
      sighting.probe_id = probe.id;
      sighting.folder = placement == Placement::spam ? "Junk" : "INBOX";
      sighting.role = placement == Placement::spam ? FolderRole::junk : FolderRole::inbox;
      sighting.uid = static_cast<std::uint32_t>(probe.id);
      sighting.uidvalidity = 1'700'000'000;
      sighting.internaldate_at = arrival_s;
      sighting.found_at_ms = arrival_s * 1000 + 2500;
      sighting.matched_by = "header";
      sighting.message_bytes = raw;
      (void)store.save_sighting(sighting);
    }
    ProbeResult result = result_of(probe, placement, latency_ms, raw);
    if (placement == Placement::missing) {
      result.latency_ms.reset();
      result.findings = {{"probe.missing", Severity::error, "not found by the deadline", ""}};
    }
    results.push_back(std::move(result));
  }
  run_id = run.id;
  return store.save_results(results) ? 0 : 1;
}

} // namespace

int
main(int argc, char** argv)
{
  if (argc != 4) {
    std::cerr << "usage: history_fill DB RUNS PROBES\n";
    return 2;
  }
  auto store = Store::open(argv[1]);
  if (!store) {
    std::cerr << store.error().what << "\n";
    return 1;
  }
  std::string last;
  for (int night = 0; night < std::atoi(argv[2]); ++night) {
    if (fill_run(*store, night, std::atoi(argv[3]), last) != 0) {
      std::cerr << "history_fill: cannot write night " << night << "\n";
      return 1;
    }
  }
  std::cout << last << "\n";
  return 0;
}
