#include <analysis/delivery.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

using namespace inboxprobe;

namespace {

constexpr std::int64_t k_accepted_ms = 1'795'000'000'000;
constexpr std::int64_t k_deadline_ms = k_accepted_ms + 20'000;

Sighting
copy(const char* folder, std::uint32_t uid, std::int64_t arrived_s, std::int64_t found_ms)
{
  Sighting s;
  s.probe_id = 1;
  s.folder = folder;
  s.role = std::string(folder) == "Junk" ? FolderRole::junk : FolderRole::inbox;
  s.uid = uid;
  s.uidvalidity = 7;
  s.internaldate_at = arrived_s;
  s.found_at_ms = found_ms;
  s.message_bytes = "Subject: probe\r\n\r\nhello\r\n";
  return s;
}

Sighting
dsn(const std::string& action, const std::string& status)
{
  Sighting s;
  s.probe_id = 1;
  s.folder = "INBOX";
  s.role = FolderRole::bounce;
  s.uid = 4;
  s.found_at_ms = k_accepted_ms + 3000;
  s.message_bytes = "Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n"
                    "\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\n"
                    "Reporting-MTA: dns; smtp.sender.test\r\n\r\n"
                    "Final-Recipient: rfc822; seed4@inbox.test\r\nAction: "
                    + action + "\r\nStatus: " + status
                    + "\r\nRemote-MTA: dns; 127.0.0.1\r\n"
                      "Diagnostic-Code: smtp; 554 5.7.1 Rejected by the lab trigger\r\n--b--\r\n";
  return s;
}

struct Fixture
{
  Probe probe{1, "run", "abcdefghijklmnopqrstuvw2", "provider-a", "seed4@inbox.test", "n"};
  Submission submission;
  AnalysisContext context;

  Fixture()
  {
    submission.outcome = SubmitOutcome::accepted;
    submission.accepted_at_ms = k_accepted_ms;
    context.deadline = DeadlineState::passed;
  }

  ProbeResult
  analyze(const std::vector<Sighting>& copies,
          const std::vector<Sighting>& bounces = {},
          std::optional<Placement> earlier = std::nullopt)
  {
    DeliveryEvidence evidence;
    for (const Sighting& s : copies) {
      evidence.copies.push_back(&s);
    }
    for (const Sighting& s : bounces) {
      evidence.bounces.push_back(&s);
    }
    evidence.deadline_at_ms = k_deadline_ms;
    evidence.earlier_verdict = earlier;
    return analyze_delivery(probe, &submission, evidence, context);
  }
};

const Finding*
finding(const ProbeResult& result, const std::string& code)
{
  const auto it = std::find_if(result.findings.begin(),
                               result.findings.end(),
                               [&](const Finding& f) { return f.code == code; });
  return it == result.findings.end() ? nullptr : &*it;
}

} // namespace

TEST_CASE("copies decide duplicate and late, in that order", "[analysis][unit]")
{
  const std::int64_t in_time_s = k_accepted_ms / 1000 + 1;
  const std::int64_t after_s = k_deadline_ms / 1000 + 60;
  struct Case
  {
    const char* name;
    std::vector<Sighting> copies;
    Placement placement;
    const char* folder;
  };
  Sighting gmail_inbox = copy("INBOX", 3, in_time_s, k_accepted_ms + 2000);
  Sighting gmail_label = copy("Work", 9, in_time_s, k_accepted_ms + 2000);
  gmail_inbox.gmail_msgid = gmail_label.gmail_msgid = 1278455344230334865ULL;
  const Case cases[] = {
    {"one copy in time",
     {copy("INBOX", 3, in_time_s, k_accepted_ms + 2000)},
     Placement::inbox,
     "INBOX"},
    {"two messages",
     {copy("INBOX", 3, in_time_s, k_accepted_ms + 2000),
      copy("INBOX", 4, in_time_s, k_accepted_ms + 2000)},
     Placement::duplicate,
     "INBOX"},
    {"the same message seen again",
     {copy("Junk", 5, in_time_s, k_accepted_ms + 2000),
      copy("Junk", 5, in_time_s, k_accepted_ms + 9000)},
     Placement::spam,
     "Junk"},
    {"one Gmail message under two labels", {gmail_inbox, gmail_label}, Placement::inbox, "INBOX"},
    {"arrived and found after the deadline",
     {copy("Junk", 6, after_s, k_deadline_ms + 90'000)},
     Placement::late,
     "Junk"},
    {"arrived in time, found in the final poll",
     {copy("INBOX", 6, k_deadline_ms / 1000 - 1, k_deadline_ms + 500)},
     Placement::inbox,
     "INBOX"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    Fixture f;
    const ProbeResult r = f.analyze(c.copies, {}, Placement::missing);
    CHECK(r.placement == c.placement);
    CHECK(r.folder == c.folder);
  }
}

TEST_CASE("a late probe says where it arrived and what the run had said", "[analysis][unit]")
{
  Fixture f;
  const ProbeResult r = f.analyze(
    {copy("INBOX", 6, k_deadline_ms / 1000 + 60, k_deadline_ms + 90'000)}, {}, Placement::missing);
  REQUIRE(r.placement == Placement::late);
  const Finding* late = finding(r, "placement.late");
  REQUIRE(late != nullptr);
  CHECK(late->evidence.find("in INBOX (inbox)") != std::string::npos);
  CHECK(late->evidence.find("earlier verdict: missing") != std::string::npos);
  REQUIRE(r.latency_ms.has_value());
  CHECK(*r.latency_ms == 80'000);
}

TEST_CASE("a duplicate names every copy once", "[analysis][unit]")
{
  Fixture f;
  const std::int64_t t = k_accepted_ms / 1000 + 1;
  const ProbeResult r = f.analyze({copy("INBOX", 3, t, k_accepted_ms + 2000),
                                   copy("Junk", 8, t, k_accepted_ms + 2000),
                                   copy("Junk", 8, t, k_accepted_ms + 5000)});
  REQUIRE(r.placement == Placement::duplicate);
  const Finding* dup = finding(r, "placement.duplicate");
  REQUIRE(dup != nullptr);
  CHECK(dup->message == "the probe was delivered 2 times (reported once)");
  CHECK(dup->evidence == "INBOX UID 3, Junk UID 8");
}

TEST_CASE("a failed DSN makes a bounce with its status and diagnostic", "[analysis][unit]")
{
  Fixture f;
  const ProbeResult r = f.analyze({}, {dsn("failed", "5.7.1")});
  CHECK(r.placement == Placement::bounced);
  REQUIRE(r.bounce.has_value());
  CHECK(r.bounce->action == "failed");
  CHECK(r.bounce->status == "5.7.1");
  CHECK(r.bounce->diagnostic == "554 5.7.1 Rejected by the lab trigger");
  CHECK(r.bounce->remote_mta == "127.0.0.1");
  CHECK(r.bounce->reporting_mta == "smtp.sender.test");
  CHECK(r.bounce->found_at_ms == k_accepted_ms + 3000);
  REQUIRE(finding(r, "delivery.bounced") != nullptr);
  CHECK(finding(r, "delivery.bounced")->evidence == "5.7.1 554 5.7.1 Rejected by the lab trigger");
  CHECK(r.auth_results.empty()); // the DSN's own headers are not the probe's
}

TEST_CASE("DSNs that are not a failure, or not readable, leave the placement", "[analysis][unit]")
{
  struct Case
  {
    const char* name;
    std::vector<Sighting> copies;
    Sighting bounce;
    Placement placement;
    const char* code;
  };
  Sighting garbage = dsn("failed", "5.7.1");
  garbage.message_bytes = "Subject: Out of office\r\n\r\nAway\r\n";
  const std::int64_t t = k_accepted_ms / 1000 + 1;
  const Case cases[] = {
    {"delayed", {}, dsn("delayed", "4.4.1"), Placement::missing, "delivery.delayed"},
    {"not a DSN", {}, garbage, Placement::missing, "bounce.unparsable"},
    {"found anyway",
     {copy("INBOX", 3, t, k_accepted_ms + 2000)},
     dsn("failed", "5.7.1"),
     Placement::inbox,
     "placement.found_despite_bounce"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    Fixture f;
    const ProbeResult r = f.analyze(c.copies, {c.bounce});
    CHECK(r.placement == c.placement);
    CHECK(finding(r, c.code) != nullptr);
    CHECK_FALSE(r.bounce.has_value());
  }
}

TEST_CASE("a refused submission stays rejected whatever was seen", "[analysis][unit]")
{
  Fixture f;
  f.submission.outcome = SubmitOutcome::rejected;
  const std::int64_t t = k_accepted_ms / 1000 + 1;
  const ProbeResult r = f.analyze(
    {copy("INBOX", 3, t, k_accepted_ms + 2000), copy("INBOX", 4, t, k_accepted_ms + 2000)},
    {dsn("failed", "5.7.1")});
  CHECK(r.placement == Placement::rejected);
  CHECK(finding(r, "placement.duplicate") == nullptr);
}
