#include <analysis/spam_verdict.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

using namespace inboxprobe;

namespace {

std::optional<SpamVerdict>
verdict_of(const std::string& header_block)
{
  return parse_spam_verdict(parse_header_fields(header_block + "\r\n"));
}

} // namespace

TEST_CASE(
  "The lab's rspamd ham headers give a not-spam verdict with the "
  "reject score as threshold",
  "[analysis][unit]")
{
  const auto verdict = verdict_of(
    "X-Spamd-Result: default: False [0.40 / 150.00];\r\n"
    "\tMIME_GOOD(-0.10)[text/plain];\r\n"
    "\tR_DKIM_ALLOW(-0.20)[sender.test:s=lab]\r\n"
    "X-Rspamd-Queue-Id: 4F2A1\r\n");
  REQUIRE(verdict);
  CHECK(verdict->engine == "rspamd");
  CHECK(verdict->is_spam == false);
  CHECK(verdict->score == Approx(0.40));
  CHECK(verdict->threshold == Approx(150.0));
  CHECK(verdict->action.empty());
  CHECK(verdict->symbols == std::vector<std::string>{"MIME_GOOD(-0.10)", "R_DKIM_ALLOW(-0.20)"});
}

TEST_CASE(
  "rspamd's X-Spam: Yes makes the verdict spam although default: is "
  "False",
  "[analysis][unit]")
{
  struct Case
  {
    const char* name;
    const char* headers;
    std::optional<bool> is_spam;
  };
  const Case cases[] = {
    {"add header action",
     "X-Spamd-Result: default: False [10.40 / 150.00]; LAB_SPAM(10.00)[]\r\n"
     "X-Spam: Yes",
     true},
    {"GTUBE: only X-Spam", "X-Spam: Yes", true},
    {"reject word", "X-Spamd-Result: default: True [151.00 / 150.00]", true},
    {"ham", "X-Spamd-Result: default: False [1.00 / 150.00]", false},
    {"no verdict word", "X-Rspamd-Score: 3.1", std::nullopt},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const auto verdict = verdict_of(c.headers);
    REQUIRE(verdict);
    CHECK(verdict->engine == "rspamd");
    CHECK(verdict->is_spam == c.is_spam);
  }
}

TEST_CASE("SpamAssassin's Yes/No word decides, not score against required", "[analysis][unit]")
{
  const auto verdict = verdict_of(
    "X-Spam-Status: Yes, score=5.0 required=5.0 tests=BAYES_50,\r\n"
    "\tDKIM_SIGNED autolearn=no version=4.0.1\r\n"
    "X-Spam-Flag: YES");
  REQUIRE(verdict);
  CHECK(verdict->engine == "spamassassin");
  CHECK(verdict->is_spam == true);
  CHECK(verdict->score == Approx(5.0));
  CHECK(verdict->threshold == Approx(5.0));
  CHECK(verdict->symbols == std::vector<std::string>{"BAYES_50", "DKIM_SIGNED"});
}

TEST_CASE("Only the top-most spam verdict field of each name counts", "[analysis][unit]")
{
  const auto verdict = verdict_of(
    "X-Spam-Status: No, score=1.0 required=5.0\r\n"
    "X-Spam-Status: Yes, score=9.0 required=5.0");
  REQUIRE(verdict);
  CHECK(verdict->is_spam == false);
  CHECK(verdict->score == Approx(1.0));
}

TEST_CASE("Messages without any spam filter field have no verdict", "[analysis][unit]")
{
  CHECK_FALSE(verdict_of("Subject: hi").has_value());
  // BCL alone is a rating, not a verdict.
  CHECK_FALSE(verdict_of("X-Microsoft-Antispam: BCL:0;").has_value());
}

TEST_CASE("Microsoft verdicts follow SFV, the SCL and the mailbox delivery folder",
          "[analysis][unit]")
{
  struct Case
  {
    const char* name;
    std::string headers;
    std::optional<bool> is_spam;
    std::optional<double> scl;
    std::string action;
  };
  const std::vector<Case> cases = {
    {"sfv spam", "X-Forefront-Antispam-Report: SFV:SPM;SCL:5;", true, 5, ""},
    {"scl below junk", "X-Forefront-Antispam-Report: SFV:NSPM;SCL:1;", false, 1, ""},
    {"org scl wins",
     "X-Forefront-Antispam-Report: SCL:1;\r\nX-MS-Exchange-Organization-SCL: 6",
     true,
     6,
     ""},
    {"bypassed", "X-MS-Exchange-Organization-SCL: -1", false, -1, ""},
    {"inbox despite scl",
     "X-MS-Exchange-Organization-SCL: 5\r\n"
     "X-Microsoft-Antispam-Mailbox-Delivery: dest:I;",
     false,
     5,
     "inbox"},
    {"junk folder",
     "X-Microsoft-Antispam-Mailbox-Delivery:\r\n\tucf:0;dest:J;RF:JunkEmail;",
     true,
     std::nullopt,
     "junk"},
    {"scl not a number", "X-Forefront-Antispam-Report: SCL:high;", std::nullopt, std::nullopt, ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const auto verdict = verdict_of(c.headers);
    REQUIRE(verdict);
    CHECK(verdict->engine == "microsoft-eop");
    CHECK(verdict->is_spam == c.is_spam);
    CHECK(verdict->score == c.scl);
    CHECK(verdict->action == c.action);
  }
}

TEST_CASE("Malformed spam verdict values leave members empty", "[analysis][unit]")
{
  const auto verdict = verdict_of(
    "X-Spamd-Result: default: Maybe [x / y]; "
    "A(1.0)[unterminated, {[\r\n"
    "X-Spam-Status: perhaps");
  REQUIRE(verdict);
  CHECK_FALSE(verdict->is_spam.has_value());
  CHECK_FALSE(verdict->score.has_value());
  CHECK_FALSE(verdict->threshold.has_value());
  CHECK(verdict->symbols == std::vector<std::string>{"A(1.0)"});
}

TEST_CASE("rspamd symbol options end at the balancing bracket", "[analysis][unit]")
{
  const std::vector<RspamdSymbol> symbols = parse_rspamd_symbols(
    "default: False [-0.31 / 15.00]; ARC_REJECT(1.00)[signature check "
    "failed: fail, {[1] = sig:microsoft.com:reject}]; "
    "R_SPF_ALLOW(-0.20)[+ip6:2600:3c0a::/64:c]; EMPTY(0.00)[]; BARE");
  REQUIRE(symbols.size() == 4);
  CHECK(symbols[0].name == "ARC_REJECT");
  CHECK(symbols[0].score == Approx(1.0));
  CHECK(symbols[0].options
        == std::vector<std::string>{"signature check failed: fail",
                                    "{[1] = sig:microsoft.com:reject}"});
  CHECK(symbols[1].options == std::vector<std::string>{"+ip6:2600:3c0a::/64:c"});
  CHECK(symbols[2].options.empty());
  CHECK(symbols[3].name == "BARE");
  CHECK_FALSE(symbols[3].score.has_value());
}

TEST_CASE("The Microsoft bulk complaint level is kept with the verdict", "[analysis][unit]")
{
  // Regression: the BCL value was read from a destroyed temporary.
  const auto verdict = verdict_of(
    "X-Forefront-Antispam-Report: SFV:NSPM;SCL:1;\r\n"
    "X-Microsoft-Antispam: BCL:7;PCL:0;");
  REQUIRE(verdict);
  const auto bcl = std::find_if(verdict->details.begin(),
                                verdict->details.end(),
                                [](const auto& pair) { return pair.first == "BCL"; });
  REQUIRE(bcl != verdict->details.end());
  CHECK(bcl->second == "7");
}
