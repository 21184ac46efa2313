// Scenario: a threshold breach on consecutive runs notifies once (one webhook
// POST, one alert email with the report attached, found over IMAP), stays
// quiet while it is ongoing (Alertmanager still gets it re-sent), and the
// recovery is announced once.
#include "monitor_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace inboxprobe;

namespace {

// UIDs of the messages in `folder` of `seed` whose Subject contains `text`.
std::vector<std::string>
search_subject(const test::Lab& lab,
               const std::string& seed,
               const std::string& folder,
               const std::string& text)
{
  const auto out =
    test::run_command("printf 'user = \"%s:%s\"\\n' '" + seed + "' '" + lab.password(seed)
                      + "' | curl -s --max-time 10 --ssl-reqd --cacert " + lab["LAB_CA_FILE"]
                      + " -K - 'imap://127.0.0.1:" + lab["LAB_IMAP_PORT"] + "/" + folder
                      + "' -X 'UID SEARCH SUBJECT \"" + text + "\"'");
  std::vector<std::string> uids;
  std::stringstream words(out.out.substr(out.out.find("SEARCH") + 6));
  for (std::string word; words >> word;) {
    uids.push_back(word);
  }
  return uids;
}

std::size_t
count_with(const std::vector<test::HttpRequest>& requests, const std::string& path)
{
  std::size_t n = 0;
  for (const test::HttpRequest& r : requests) {
    n += r.request_line.rfind("POST " + path + " ", 0) == 0 ? 1 : 0;
  }
  return n;
}

} // namespace

TEST_CASE("a breach notifies once, stays quiet while ongoing and announces its recovery once",
          "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  test::HttpReceiver receiver;
  const std::string d = dir.path().string();
  // Unique per test run: the alert emails are found by it in the seed's mailbox.
  const std::string campaign = "e2e-alerts-" + dir.path().filename().string().substr(16);
  const auto write_config = [&](const std::string& content) {
    test::write_file(dir.path() / "campaign.toml",
                     lab.campaign(campaign, d, "8s") + lab.route("provider-a", 'a')
                       + lab.seed("seed3@inbox.test") + content
                       + "[thresholds]\nmin_inbox_percent = 100\n\n[alerts]\nwebhook_urls = [\""
                       + receiver.url("/hook") + "\"]\nalertmanager_url = \"" + receiver.url("/am")
                       + "\"\nemail_route = \"provider-a\"\nemail_to = [\"seed4@inbox.test\"]\n");
  };
  const std::string spam =
    "[[content]]\nname = \"spam\"\nsubject = \"[LAB-SPAM] win\"\n"
    "text = \"t\"\nheaders = { \"X-Lab-Spam\" = \"yes\" }\n\n";
  const std::string plain = "[[content]]\nname = \"plain\"\nsubject = \"Hello\"\ntext = \"t\"\n\n";
  const std::string run =
    std::string(INBOXPROBE_BINARY) + " run --alert-exit-code --config " + d + "/campaign.toml";
  struct Step
  {
    const std::string* content;
    int exit_code;
    std::size_t webhooks;     // POSTs so far
    std::size_t alertmanager; // POSTs so far
  };
  const std::vector<Step> steps = {
    {&spam, 2, 1, 1},  // opened: notified
    {&spam, 2, 1, 2},  // ongoing: quiet (Alertmanager re-sent so it keeps firing)
    {&plain, 0, 2, 3}, // resolved: announced
    {&plain, 0, 2, 3}, // nothing to say
  };
  for (std::size_t i = 0; i < steps.size(); ++i) {
    CAPTURE(i);
    write_config(*steps[i].content);
    const auto out = test::run_command(run);
    INFO(out.out);
    CHECK(out.exit_code == steps[i].exit_code);
    CHECK(count_with(receiver.requests(), "/hook") == steps[i].webhooks);
    CHECK(count_with(receiver.requests(), "/am/api/v2/alerts") == steps[i].alertmanager);
  }

  std::vector<nlohmann::json> hooks;
  std::vector<nlohmann::json> alertmanager;
  for (const test::HttpRequest& r : receiver.requests()) {
    (r.request_line.rfind("POST /hook ", 0) == 0 ? hooks : alertmanager)
      .push_back(nlohmann::json::parse(r.body));
  }
  REQUIRE(hooks.size() == 2);
  CHECK(hooks[0]["level"] == "critical");
  CHECK(hooks[0]["alerts"][0]["change"] == "opened");
  CHECK(hooks[0]["alerts"][0]["code"] == "inbox_rate.low");
  CHECK(hooks[0]["text"].get<std::string>().find(
          "OPENED critical: provider-a: inbox rate is 0 %, below the critical limit of 100 %")
        != std::string::npos);
  CHECK(hooks[1]["alerts"][0]["change"] == "resolved");
  REQUIRE(alertmanager.size() == 3);
  CHECK(alertmanager[0][0]["labels"]["alertname"] == "inbox_rate.low");
  CHECK(alertmanager[0][0]["labels"]["campaign"] == campaign);
  CHECK(alertmanager[1][0]["startsAt"] == alertmanager[0][0]["startsAt"]);
  CHECK(alertmanager[2][0]["endsAt"] < alertmanager[1][0]["endsAt"]);

  // One email for the breach, one for the recovery, in seed4's mailbox.
  std::vector<std::string> opened;
  std::vector<std::string> resolved;
  CHECK(test::eventually(20, [&] {
    opened = search_subject(lab, "seed4@inbox.test", "INBOX", "CRITICAL " + campaign);
    resolved = search_subject(lab, "seed4@inbox.test", "INBOX", "OK " + campaign);
    return opened.size() == 1 && resolved.size() == 1;
  }));
  CHECK(opened.size() == 1);
  CHECK(resolved.size() == 1);
  if (opened.size() == 1) {
    const auto message = test::run_command(
      "printf 'user = \"%s:%s\"\\n' seed4@inbox.test '" + lab.password("seed4@inbox.test")
      + "' | curl -s --max-time 10 --ssl-reqd --cacert " + lab["LAB_CA_FILE"]
      + " -K - 'imap://127.0.0.1:" + lab["LAB_IMAP_PORT"] + "/INBOX;UID=" + opened[0] + "'");
    CHECK(message.out.find("Content-Disposition: attachment; filename=\"report.html\"")
          != std::string::npos);
    CHECK(message.out.find("1 opened") != std::string::npos);
  }
}
