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
  CHECK(to_string(AuthMechanism::automatic) == "auto");
  CHECK(parse_auth_mechanism("XOAUTH2") == AuthMechanism::xoauth2);
  CHECK_FALSE(parse_auth_mechanism("cram-md5").has_value());
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

TEST_CASE("the analysis records added later survive a JSON round trip", "[core][unit]")
{
  ProbeResult in;
  in.findings.push_back(
    {"dmarc.not_aligned", Severity::warning, "m", "e", "align d=", "RFC 7489 §3.1"});
  in.hops.push_back({"a.example",
                     "192.0.2.1",
                     "mx.example",
                     "ESMTPS",
                     "id1",
                     "x@example",
                     1700000000,
                     -3,
                     true,
                     "TLS1_3",
                     "TLS_AES_256_GCM_SHA384"});
  in.own_spf = SpfCheck{"192.0.2.1",
                        "a.example",
                        "s@example.com",
                        "example.com",
                        "mailfrom",
                        AuthVerdict::softfail,
                        "x"};
  in.own_dmarc = DmarcCheck{};
  in.own_dmarc->policy = "reject";
  in.own_dmarc->dkim_aligned = true;
  in.arc.chain = "pass";
  in.arc.sets.push_back({1,
                         "google.com",
                         "arc-20160816",
                         "none",
                         "rsa-sha256",
                         AuthVerdict::pass,
                         AuthVerdict::pass,
                         ""});
  in.compliance.tls_every_hop = "fail";

  const ProbeResult out = nlohmann::json(in).get<ProbeResult>();
  REQUIRE(out.findings.size() == 1);
  CHECK(out.findings[0].advice == "align d=");
  CHECK(out.findings[0].rfc == "RFC 7489 §3.1");
  REQUIRE(out.hops.size() == 1);
  CHECK(out.hops[0].from_ip == "192.0.2.1");
  CHECK(out.hops[0].delay_s == -3);
  CHECK(out.hops[0].tls_cipher == "TLS_AES_256_GCM_SHA384");
  REQUIRE(out.own_spf.has_value());
  CHECK(out.own_spf->verdict == AuthVerdict::softfail);
  REQUIRE(out.own_dmarc.has_value());
  CHECK(out.own_dmarc->policy == "reject");
  CHECK(out.own_dmarc->dkim_aligned);
  CHECK(out.arc.chain == "pass");
  REQUIRE(out.arc.sets.size() == 1);
  CHECK(out.arc.sets[0].seal == AuthVerdict::pass);
  CHECK(out.compliance.tls_every_hop == "fail");
}

TEST_CASE("a probe result stored before the new fields existed still loads", "[core][unit]")
{
  const auto old = nlohmann::json::parse(R"({"probe_id": 3, "placement": "inbox", "folder": "INBOX",
    "latency_resolution_ms": 1000, "spf": "pass", "dkim": "pass", "dmarc": "none",
    "auth_results": [], "own_dkim": [], "latency_ms": 5, "detection_lag_ms": null,
    "spam_verdict": {"engine": "rspamd", "action": "", "symbols": [], "is_spam": false,
                     "score": null, "threshold": null},
    "findings": [{"code": "dkim.none", "severity": "warning", "message": "m", "evidence": ""}]})");
  const ProbeResult out = old.get<ProbeResult>();
  CHECK(out.probe_id == 3);
  CHECK(out.hops.empty());
  CHECK_FALSE(out.own_spf.has_value());
  CHECK(out.arc.chain == "none");
  REQUIRE(out.findings.size() == 1);
  CHECK(out.findings[0].advice.empty());
  REQUIRE(out.spam_verdict.has_value());
  CHECK(out.spam_verdict->details.empty());
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
