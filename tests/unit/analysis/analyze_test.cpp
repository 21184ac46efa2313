#include "../../support/corpus.hpp"

#include <analysis/analyze.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

using namespace inboxprobe;

namespace {

// The Authentication-Results the lab's rspamd writes (lab notes).
const std::string k_lab_auth_results =
  "Authentication-Results: mx.inbox.test; dkim=pass header.d=sender.test "
  "header.s=lab header.b=AbCd; spf=pass (mx.inbox.test: domain of "
  "alice@sender.test designates 127.0.0.1 as permitted sender) "
  "smtp.mailfrom=alice@sender.test; dmarc=pass (policy=reject) "
  "header.from=sender.test\r\n";

const std::string k_plain_message =
  "From: alice@sender.test\r\n"
  "To: seed1@inbox.test\r\n"
  "Subject: probe\r\n"
  "\r\n"
  "hello\r\n";

AnalysisContext
lab_context()
{
  AnalysisContext context;
  context.trusted_authserv_ids = {"mx.inbox.test"};
  return context;
}

const Finding*
finding(const ProbeResult& result, const std::string& code)
{
  const auto found = std::find_if(result.findings.begin(),
                                  result.findings.end(),
                                  [&code](const Finding& f) { return f.code == code; });
  return found == result.findings.end() ? nullptr : &*found;
}

Submission
accepted_at(std::int64_t ms)
{
  Submission submission;
  submission.outcome = SubmitOutcome::accepted;
  submission.accepted_at_ms = ms;
  return submission;
}

Sighting
sighted(FolderRole role, std::int64_t internaldate_at, std::string bytes = {})
{
  Sighting sighting;
  sighting.folder = role == FolderRole::junk ? "Junk" : "INBOX";
  sighting.role = role;
  sighting.internaldate_at = internaldate_at;
  sighting.found_at_ms = internaldate_at * 1000 + 2500;
  sighting.message_bytes = bytes.empty() ? k_plain_message : std::move(bytes);
  return sighting;
}

MapKeyLookup
edge_keys()
{
  auto keys = MapKeyLookup::from_file(test::corpus_path("dkim-edge/keys.txt").string());
  REQUIRE(keys);
  return std::move(*keys);
}

} // namespace

TEST_CASE("Placement follows the submission, the sighting and the deadline", "[analysis][unit]")
{
  struct Case
  {
    const char* name;
    std::optional<SubmitOutcome> outcome; // nullopt: not sent yet
    std::optional<FolderRole> role;       // nullopt: not found
    DeadlineState deadline;
    Placement placement;
    const char* folder;
  };
  using O = SubmitOutcome;
  using R = FolderRole;
  using D = DeadlineState;
  const Case cases[] = {
    {"not sent", std::nullopt, std::nullopt, D::passed, Placement::pending, ""},
    {"rejected", O::rejected, std::nullopt, D::open, Placement::rejected, ""},
    {"deferred", O::deferred, std::nullopt, D::open, Placement::rejected, ""},
    {"failed", O::failed, std::nullopt, D::passed, Placement::rejected, ""},
    {"uncertain, found", O::uncertain, R::inbox, D::open, Placement::inbox, "INBOX"},
    {"uncertain, waiting", O::uncertain, std::nullopt, D::open, Placement::pending, ""},
    {"inbox", O::accepted, R::inbox, D::open, Placement::inbox, "INBOX"},
    {"junk", O::accepted, R::junk, D::passed, Placement::spam, "Junk"},
    {"other", O::accepted, R::other, D::open, Placement::other, "INBOX"},
    {"still waiting", O::accepted, std::nullopt, D::open, Placement::pending, ""},
    {"deadline passed", O::accepted, std::nullopt, D::passed, Placement::missing, ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    AnalysisContext context;
    context.deadline = c.deadline;
    Submission submission = accepted_at(1'700'000'000'000);
    if (c.outcome) {
      submission.outcome = *c.outcome;
    }
    const Sighting sighting = sighted(c.role.value_or(R::inbox), 1'700'000'001);
    Probe probe;
    probe.id = 7;
    const ProbeResult result = analyze_probe(
      probe, c.outcome ? &submission : nullptr, c.role ? &sighting : nullptr, context);
    CHECK(result.probe_id == 7);
    CHECK(result.placement == c.placement);
    CHECK(result.folder == c.folder);
  }
}

TEST_CASE(
  "Latency is arrival minus acceptance; sub-second negatives are "
  "rounding, larger ones clock skew",
  "[analysis][unit]")
{
  struct Case
  {
    const char* name;
    std::int64_t accepted_at_ms;
    std::int64_t internaldate_at;
    std::int64_t latency_ms;
    bool skew;
  };
  const Case cases[] = {
    {"positive", 1'700'000'000'400, 1'700'000'003, 2600, false},
    {"same second", 1'700'000'000'000, 1'700'000'000, 0, false},
    {"-400 ms is rounding", 1'700'000'000'400, 1'700'000'000, 0, false},
    {"-1000 ms is skew", 1'700'000'001'000, 1'700'000'000, -1000, true},
    {"-5000 ms is skew", 1'700'000'005'000, 1'700'000'000, -5000, true},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const Submission submission = accepted_at(c.accepted_at_ms);
    const Sighting sighting = sighted(FolderRole::inbox, c.internaldate_at);
    const ProbeResult result = analyze_probe(Probe{}, &submission, &sighting, lab_context());
    CHECK(result.latency_ms == c.latency_ms);
    CHECK(result.latency_resolution_ms == 1000);
    CHECK(result.detection_lag_ms == 2500);
    CHECK((finding(result, "clock.skew") != nullptr) == c.skew);
  }
  const Submission submission = accepted_at(1'700'000'005'000);
  const Sighting sighting = sighted(FolderRole::inbox, 1'700'000'000);
  const ProbeResult result = analyze_probe(Probe{}, &submission, &sighting, lab_context());
  const Finding* skew = finding(result, "clock.skew");
  REQUIRE(skew != nullptr);
  CHECK(skew->severity == Severity::warning);
  CHECK(skew->evidence
        == "accepted 2023-11-14T22:13:25.000Z, INTERNALDATE "
           "2023-11-14T22:13:20Z");
}

TEST_CASE("No latency without an acceptance time or a sighting", "[analysis][unit]")
{
  Submission uncertain = accepted_at(0);
  uncertain.outcome = SubmitOutcome::uncertain;
  const Sighting sighting = sighted(FolderRole::inbox, 1'700'000'000);
  const ProbeResult found = analyze_probe(Probe{}, &uncertain, &sighting, lab_context());
  CHECK_FALSE(found.latency_ms.has_value());
  CHECK(found.detection_lag_ms == 2500);
  const Submission accepted = accepted_at(1'700'000'000'000);
  const ProbeResult missing = analyze_probe(Probe{}, &accepted, nullptr, lab_context());
  CHECK_FALSE(missing.latency_ms.has_value());
  CHECK_FALSE(missing.detection_lag_ms.has_value());
}

TEST_CASE("INTERNALDATE is cross-checked with the top Received date", "[analysis][unit]")
{
  struct Case
  {
    const char* received_date;
    bool mismatch;
  };
  // INTERNALDATE below is 2023-11-14T22:13:20Z.
  const Case cases[] = {
    {"Tue, 14 Nov 2023 22:13:20 +0000", false},
    {"Tue, 14 Nov 2023 23:15:19 +0100", false}, // 119 s earlier
    {"Tue, 14 Nov 2023 22:03:20 +0000", true},  // 10 min earlier
  };
  for (const Case& c : cases) {
    CAPTURE(c.received_date);
    const std::string message =
      "Received: from pfa.sender.test by mx.inbox.test with ESMTP; " + std::string(c.received_date)
      + "\r\n" + "Received: from x by pfa.sender.test; 1 Jan 2020 00:00:00 +0000\r\n"
      + k_plain_message;
    const Submission submission = accepted_at(1'700'000'000'000);
    const Sighting sighting = sighted(FolderRole::inbox, 1'700'000'000, message);
    const ProbeResult result = analyze_probe(Probe{}, &submission, &sighting, lab_context());
    CHECK((finding(result, "clock.internaldate_mismatch") != nullptr) == c.mismatch);
  }
}

TEST_CASE(
  "The provider's verdicts come from its top-most Authentication-"
  "Results; forged and foreign ones do not win",
  "[analysis][unit]")
{
  const std::string message =
    "Authentication-Results: MX.INBOX.TEST; dkim=fail header.d=sender.test;"
    " spf=pass smtp.helo=pfa.sender.test; spf=softfail"
    " smtp.mailfrom=alice@sender.test; dmarc=fail header.from=sender.test\r\n"
    "ARC-Authentication-Results: i=1; mx.inbox.test; dkim=pass\r\n"
    "Authentication-Results: evil.example; dkim=pass; spf=pass; dmarc=pass\r\n"
    + k_lab_auth_results + k_plain_message; // the forged one, below
  AnalysisContext context = lab_context();
  const ProbeResult result = analyze_message(message, context);
  CHECK(result.dkim == AuthVerdict::fail);
  CHECK(result.spf == AuthVerdict::softfail);
  CHECK(result.dmarc == AuthVerdict::fail);
  REQUIRE(result.auth_results.size() == 3);
  CHECK(result.auth_results[0].trusted);
  CHECK_FALSE(result.auth_results[1].trusted);
  CHECK(result.auth_results[2].trusted);
  const Finding* untrusted = finding(result, "auth_results.untrusted");
  REQUIRE(untrusted != nullptr);
  CHECK(untrusted->severity == Severity::info);
  CHECK(untrusted->evidence == "evil.example");
  CHECK(result.placement == Placement::pending);
  CHECK_FALSE(result.latency_ms.has_value());
}

TEST_CASE("The lab's rspamd headers give pass verdicts and the spam flag", "[analysis][unit]")
{
  struct Case
  {
    const char* name;
    const char* spam_fields;
    bool is_spam;
  };
  const Case cases[] = {
    {"ham",
     "X-Spamd-Result: default: False [0.40 / 150.00];\r\n"
     "\tR_DKIM_ALLOW(-0.20)[sender.test:s=lab]\r\n",
     false},
    {"spam",
     "X-Spamd-Result: default: False [10.40 / 150.00];\r\n"
     "\tLAB_SPAM(10.00)[]\r\nX-Spam: Yes\r\n",
     true},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const ProbeResult result =
      analyze_message(k_lab_auth_results + c.spam_fields + k_plain_message, lab_context());
    CHECK(result.spf == AuthVerdict::pass);
    CHECK(result.dkim == AuthVerdict::pass);
    CHECK(result.dmarc == AuthVerdict::pass);
    REQUIRE(result.spam_verdict);
    CHECK(result.spam_verdict->engine == "rspamd");
    CHECK(result.spam_verdict->is_spam == c.is_spam);
    CHECK((finding(result, "spam.flagged") != nullptr) == c.is_spam);
    CHECK(finding(result, "auth_results.untrusted") == nullptr);
  }
}

TEST_CASE(
  "An unparsable Authentication-Results field is a finding, not an "
  "error",
  "[analysis][unit]")
{
  const std::string message =
    "Authentication-Results: mx.inbox.test; dkim=pass (unterminated\r\n" + k_plain_message;
  const ProbeResult result = analyze_message(message, lab_context());
  CHECK(result.auth_results.empty());
  CHECK(result.dkim == AuthVerdict::none);
  const Finding* unparsable = finding(result, "auth_results.unparsable");
  REQUIRE(unparsable != nullptr);
  CHECK(unparsable->evidence == "mx.inbox.test; dkim=pass (unterminated");
  CHECK(unparsable->message.find("unterminated comment") != std::string::npos);
}

TEST_CASE("Our own DKIM check runs beside the provider's verdict", "[analysis][unit]")
{
  const MapKeyLookup keys = edge_keys();
  struct Case
  {
    const char* name;
    std::string message;
    const char* provider_dkim; // "" = no A-R
    AuthVerdict own;
    std::vector<std::string> codes;
  };
  const std::string signed_ok = test::read_file(test::corpus_path("dkim-edge/rr-original.eml"));
  const std::string body_changed =
    test::read_file(test::corpus_path("dkim-edge/rr-body-word-changed.eml"));
  const std::string appended = test::read_file(test::corpus_path("dkim-edge/l-tag-appended.eml"));
  const Case cases[] = {
    // The edge vectors sign From once: a second From would not break them.
    {"pass", signed_ok, "pass", AuthVerdict::pass, {"dkim.oversigning_gap"}},
    {"provider says fail",
     signed_ok,
     "fail",
     AuthVerdict::pass,
     {"dkim.oversigning_gap", "dkim.provider_disagrees"}},
    {"fail",
     body_changed,
     "pass",
     AuthVerdict::fail,
     {"dkim.body_hash_mismatch", "dkim.fail", "dkim.provider_disagrees"}},
    {"l= tag", appended, "", AuthVerdict::pass, {"dkim.body_length_tag", "dkim.oversigning_gap"}},
    {"unsigned", k_plain_message, "", AuthVerdict::none, {"dkim.none"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    AnalysisContext context = lab_context();
    context.dkim_keys = &keys;
    const std::string auth_results =
      *c.provider_dkim == '\0'
        ? std::string()
        : "Authentication-Results: mx.inbox.test; dkim=" + std::string(c.provider_dkim) + "\r\n";
    const ProbeResult result = analyze_message(auth_results + c.message, context);
    if (c.own == AuthVerdict::none) {
      CHECK(result.own_dkim.empty());
    } else {
      REQUIRE(result.own_dkim.size() == 1);
      CHECK(result.own_dkim[0].verdict == c.own);
    }
    std::vector<std::string> codes;
    for (const Finding& f : result.findings) {
      if (f.code.rfind("dkim.", 0) == 0) {
        codes.push_back(f.code);
      }
    }
    std::sort(codes.begin(), codes.end());
    CHECK(codes == c.codes);
  }
}

TEST_CASE("Hostile messages are bounded and never throw", "[analysis][unit]")
{
  std::string many;
  for (int i = 0; i < 150; ++i) {
    many += "Authentication-Results: mx.inbox.test; dkim=pass\r\n";
  }
  const ProbeResult bounded = analyze_message(many + k_plain_message, lab_context());
  CHECK(bounded.auth_results.size() == 100);
  CHECK(finding(bounded, "auth_results.too_many") != nullptr);

  const MapKeyLookup keys = edge_keys();
  AnalysisContext context = lab_context();
  context.dkim_keys = &keys;
  std::string noise;
  for (int i = 0; i < 4096; ++i) {
    noise.push_back(static_cast<char>((i * 7919) % 256));
  }
  for (const std::string& message :
       {noise,
        std::string(),
        std::string("DKIM-Signature: ;;;=\r\n\r\n"),
        std::string("Received: (((((\r\nAuthentication-Results: \"\r\n\r\n")}) {
    CHECK_NOTHROW(analyze_message(message, context));
  }
}

TEST_CASE(
  "A sighted probe signed with a corpus key passes our own DKIM "
  "check",
  "[analysis][unit]")
{
  const MapKeyLookup keys = edge_keys();
  AnalysisContext context = lab_context();
  context.dkim_keys = &keys;
  const Submission submission = accepted_at(1'700'000'000'000);
  const Sighting sighting =
    sighted(FolderRole::inbox,
            1'700'000'001,
            k_lab_auth_results + test::read_file(test::corpus_path("dkim-edge/rr-original.eml")));
  const ProbeResult result = analyze_probe(Probe{}, &submission, &sighting, context);
  CHECK(result.placement == Placement::inbox);
  REQUIRE(result.own_dkim.size() == 1);
  CHECK(result.own_dkim[0].verdict == AuthVerdict::pass);
  CHECK(result.own_dkim[0].domain == "example.com");
  CHECK(result.dkim == AuthVerdict::pass);
  for (const Finding& f : result.findings) {
    CAPTURE(f.code);
    CHECK(f.severity == Severity::info);
  }
}

TEST_CASE("An rsa-sha1 signature that verifies counts as policy, with a finding",
          "[analysis][unit]")
{
  const MapKeyLookup keys = edge_keys();
  AnalysisContext context = lab_context();
  context.dkim_keys = &keys;
  // Signed by dkimpy with the corpus' example.com test key, From over-signed.
  const ProbeResult result = analyze_message(
    test::read_file(test::source_path("tests/unit/analysis/data/rsa-sha1.eml")), context);
  REQUIRE(result.own_dkim.size() == 1);
  CHECK(result.own_dkim[0].algorithm == "rsa-sha1");
  CHECK(result.own_dkim[0].verdict == AuthVerdict::policy);
  CHECK(result.own_dkim[0].error.find("RFC 8301") != std::string::npos);
  const Finding* sha1 = finding(result, "dkim.rsa_sha1");
  REQUIRE(sha1 != nullptr);
  CHECK(sha1->rfc == "RFC 8301 §3.1");
  CHECK(finding(result, "dkim.fail") != nullptr);
  // Gaps are only reported for signatures that count.
  CHECK(finding(result, "dkim.oversigning_gap") == nullptr);
}

TEST_CASE("The ARC pass reports the chain, its sealers and the ed25519 policy", "[analysis][unit]")
{
  const std::string content = test::read_file(test::corpus_path("arc-stalwart/002.txt"));
  const std::size_t blank = content.find("\n\n");
  REQUIRE(blank != std::string::npos);
  MapKeyLookup keys;
  std::size_t start = 0;
  while (start < blank) {
    const std::size_t end = content.find('\n', start);
    const std::string line = content.substr(start, end - start);
    keys.add(line.substr(0, line.find(' ')), line.substr(line.find(' ') + 1));
    start = end + 1;
  }
  AnalysisContext context = lab_context();
  context.dkim_keys = &keys;
  const std::string message = test::to_crlf(content.substr(blank + 2));
  const ProbeResult result = analyze_message(message, context);
  CHECK(result.arc.chain == "pass");
  REQUIRE(result.arc.sets.size() == 2);
  CHECK(result.arc.sets[0].seal == AuthVerdict::pass);
  CHECK(finding(result, "arc.ed25519_unsupported") != nullptr);
  CHECK(finding(result, "arc.chain_broken") == nullptr);

  // One byte of the body changed: the newest message signature breaks.
  std::string altered = message;
  altered[altered.size() - 3] ^= 1;
  const ProbeResult broken = analyze_message(altered, context);
  CHECK(broken.arc.chain == "fail");
  const Finding* chain = finding(broken, "arc.chain_broken");
  REQUIRE(chain != nullptr);
  CHECK(chain->message.find("body hash mismatch") != std::string::npos);
}

TEST_CASE("Hostile ARC, SPF, DMARC and path headers never throw with every pass on",
          "[analysis][unit]")
{
  const MapKeyLookup keys = edge_keys();
  MapDnsResolver dns;
  dns.add("_dmarc.x.example", DnsType::txt, "v=DMARC1; p=reject; pct=-5; adkim=q");
  dns.add("x.example", DnsType::txt, "v=spf1 include:%{l}%{x}%{ -all");
  AnalysisContext context = lab_context();
  context.dkim_keys = &keys;
  context.dns = &dns;
  const std::vector<std::string> headers = {
    "ARC-Seal: i=1; a=rsa-sha256; cv=none; d=x.example; s=s; b=\r\n"
    "ARC-Message-Signature: i=1; a=rsa-sha256; d=x.example; s=s; h=from; bh=; b=\r\n"
    "ARC-Authentication-Results: i=1; x.example; spf=pass\r\n",
    "ARC-Seal: i=99999999999999999999; cv=pass\r\nARC-Seal: ;;;\r\n",
    "ARC-Authentication-Results: i=0;\r\nARC-Message-Signature: i=1; i=1\r\n",
    "Received-SPF: pass client-ip=; helo=\r\nReturn-Path: <>\r\n",
    "Received-SPF: pass client-ip=999.1.1.1;\r\nReturn-Path: <@@@>\r\n",
    "Received: from [IPv6:::::::::] by x with ESMTPS; 1 Jan 2024 00:00 +0000\r\n",
    "Received: from a (a [1.2.3.4) by (((((\r\nFrom: <<<@x.example>>>\r\n",
    "X-Forefront-Antispam-Report: SCL:;SFV:;;;:::\r\nX-Microsoft-Antispam: BCL:99999999;\r\n",
    "From: a@x.example\r\nFrom: b@\r\nList-Unsubscribe: <https:\r\nPrecedence: bulk\r\n",
  };
  for (const std::string& header : headers) {
    CAPTURE(header);
    ProbeResult result;
    REQUIRE_NOTHROW(result =
                      analyze_message(header + "From: a@x.example\r\n\r\nbody\r\n", context));
    for (const Finding& f : result.findings) {
      CAPTURE(f.code);
      CHECK_FALSE(f.advice.empty());
    }
  }
}

TEST_CASE("The sender's route findings reach the probe result", "[analysis][unit]")
{
  Submission submission = accepted_at(1'000);
  submission.findings.push_back({"tls.verification_disabled",
                                 Severity::warning,
                                 "certificate verification is off for this route",
                                 "insecure_skip_verify = true"});
  const Probe probe{7, "run", "tok", "r", "seed1@inbox.test", "n"};
  const ProbeResult result = analyze_probe(probe, &submission, nullptr, lab_context());
  const Finding* copied = finding(result, "tls.verification_disabled");
  REQUIRE(copied != nullptr);
  CHECK(copied->severity == Severity::warning);
  CHECK(copied->evidence == "insecure_skip_verify = true");
}
