#include <core/model.hpp>
#include <core/record_json.hpp>

#include <catch2/catch.hpp>

using namespace inboxprobe;

TEST_CASE("enumeration tokens round-trip and match the RFC spelling", "[core][unit]")
{
  CHECK(to_string(SmtpStep::end_of_data) == "end-of-data");
  CHECK(parse_smtp_step("END-OF-DATA") == SmtpStep::end_of_data);
  CHECK(to_string(Placement::spam) == "spam");
  CHECK(parse_placement("missing") == Placement::missing);
  CHECK_FALSE(parse_placement("lost").has_value());
  CHECK(parse_auth_verdict("PermError") == AuthVerdict::permerror);
  CHECK(parse_auth_verdict("hardfail") == AuthVerdict::unknown);
  CHECK(to_string(AuthVerdict::temperror) == "temperror");
  CHECK(parse_tls_mode("starttls") == TlsMode::starttls);
}

TEST_CASE("the receiver's placements and the bounce folder role have stable tokens", "[core][unit]")
{
  struct Case
  {
    Placement placement;
    const char* token;
  };
  const Case cases[] = {{Placement::bounced, "bounced"},
                        {Placement::late, "late"},
                        {Placement::duplicate, "duplicate"}};
  for (const Case& c : cases) {
    CAPTURE(c.token);
    CHECK(to_string(c.placement) == c.token);
    CHECK(parse_placement(c.token) == c.placement);
  }
  CHECK(to_string(FolderRole::bounce) == "bounce");
  CHECK(parse_folder_role("BOUNCE") == FolderRole::bounce);
}

TEST_CASE("a probe result survives a JSON round trip field by field", "[core][unit]")
{
  ProbeResult in;
  in.probe_id = 7;
  in.placement = Placement::spam;
  in.folder = "Junk";
  in.latency_ms = 840;
  in.detection_lag_ms = 120;
  in.dkim = AuthVerdict::pass;
  in.spf = AuthVerdict::softfail;
  in.auth_results.push_back({"mx.example",
                             "",
                             true,
                             false,
                             {{"dkim", "", "pass", "", {{"header.d", "example.com"}}}},
                             "raw"});
  in.own_dkim.push_back(
    {"example.com", "s1", "rsa-sha256", "relaxed/simple", -1, "from:to", AuthVerdict::fail, "bh"});
  in.spam_verdict = SpamVerdict{"rspamd", true, 11.5, 15.0, "add header", {"LAB_SPAM(10.00)"}};
  in.findings.push_back({"dkim.fail", Severity::error, "DKIM failed", "bh mismatch"});

  const ProbeResult out = nlohmann::json(in).get<ProbeResult>();
  CHECK(out.probe_id == 7);
  CHECK(out.placement == Placement::spam);
  CHECK(out.folder == "Junk");
  CHECK(out.latency_ms == 840);
  CHECK(out.detection_lag_ms == 120);
  CHECK(out.dkim == AuthVerdict::pass);
  CHECK(out.spf == AuthVerdict::softfail);
  CHECK(out.dmarc == AuthVerdict::none);
  REQUIRE(out.auth_results.size() == 1);
  CHECK(out.auth_results[0].results[0].props[0].second == "example.com");
  REQUIRE(out.own_dkim.size() == 1);
  CHECK(out.own_dkim[0].verdict == AuthVerdict::fail);
  REQUIRE(out.spam_verdict.has_value());
  CHECK(out.spam_verdict->score == 11.5);
  CHECK(out.spam_verdict->is_spam == true);
  REQUIRE(out.findings.size() == 1);
  CHECK(out.findings[0].severity == Severity::error);
}

TEST_CASE("a bounced result keeps its DSN fields through JSON, and old rows still load",
          "[core][unit]")
{
  ProbeResult in;
  in.probe_id = 3;
  in.placement = Placement::bounced;
  in.gmail_tab = "promotions";
  in.bounce = BounceReport{"failed",
                           "5.7.1",
                           "554 5.7.1 Rejected by the lab trigger X-Lab-Reject",
                           "127.0.0.1",
                           "smtp.sender.test",
                           1'795'000'000'123};
  const ProbeResult out = nlohmann::json(in).get<ProbeResult>();
  CHECK(out.placement == Placement::bounced);
  CHECK(out.gmail_tab == "promotions");
  REQUIRE(out.bounce.has_value());
  CHECK(out.bounce->action == "failed");
  CHECK(out.bounce->status == "5.7.1");
  CHECK(out.bounce->diagnostic == "554 5.7.1 Rejected by the lab trigger X-Lab-Reject");
  CHECK(out.bounce->remote_mta == "127.0.0.1");
  CHECK(out.bounce->reporting_mta == "smtp.sender.test");
  CHECK(out.bounce->found_at_ms == 1'795'000'000'123);

  // A result stored before the fields existed.
  nlohmann::json old = nlohmann::json(ProbeResult{});
  old.erase("gmail_tab");
  old.erase("bounce");
  const ProbeResult loaded = old.get<ProbeResult>();
  CHECK(loaded.gmail_tab.empty());
  CHECK_FALSE(loaded.bounce.has_value());
}
