// The alert de-duplication state machine over consecutive evaluations.
#include <reports/alert_dedup.hpp>

#include <catch2/catch.hpp>

using namespace inboxprobe;

namespace {

Alert
alert(AlertLevel level, std::string route = "relay-b", std::string code = "inbox_rate.low")
{
  return {level, std::move(code), std::move(route), "inbox low", std::nullopt, std::nullopt};
}

std::vector<std::string>
changes(const DedupResult& result)
{
  std::vector<std::string> out;
  for (const AlertNotice& n : result.notices) {
    out.push_back(std::string(to_string(n.change)) + " " + n.alert.route + " "
                  + std::string(to_string(n.alert.level)) + (is_news(n) ? " news" : ""));
  }
  return out;
}

} // namespace

TEST_CASE("a breach is opened once, then ongoing, changed on a new level and resolved once",
          "[reports][unit]")
{
  struct Step
  {
    std::vector<Alert> current;
    std::vector<std::string> expected;
    std::size_t state_rows;
  };
  const std::vector<Step> steps = {
    {{alert(AlertLevel::warning)}, {"opened relay-b warning news"}, 1},
    {{alert(AlertLevel::warning)}, {"ongoing relay-b warning"}, 1},
    {{alert(AlertLevel::critical)}, {"changed relay-b critical news"}, 1},
    {{alert(AlertLevel::critical), alert(AlertLevel::warning, "relay-a")},
     {"ongoing relay-b critical", "opened relay-a warning news"},
     2},
    {{alert(AlertLevel::warning, "relay-a")},
     {"ongoing relay-a warning", "resolved relay-b critical news"},
     1},
    {{}, {"resolved relay-a warning news"}, 0},
    {{}, {}, 0},
  };
  std::vector<AlertStateRow> state;
  std::int64_t now_ms = 1000;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    CAPTURE(i);
    const DedupResult result = deduplicate("run/nightly", state, steps[i].current, now_ms);
    CHECK(changes(result) == steps[i].expected);
    CHECK(result.state.size() == steps[i].state_rows);
    state = result.state;
    now_ms += 1000;
  }
}

TEST_CASE("an ongoing alert keeps the time it was first raised", "[reports][unit]")
{
  const auto first = deduplicate("run/x", {}, {alert(AlertLevel::critical)}, 5000);
  const auto second = deduplicate("run/x", first.state, {alert(AlertLevel::critical)}, 9000);
  REQUIRE(second.notices.size() == 1);
  CHECK(second.notices[0].since_at_ms == 5000);
  REQUIRE(second.state.size() == 1);
  CHECK(second.state[0].since_at_ms == 5000);
  CHECK(second.state[0].last_seen_at_ms == 9000);
  CHECK(second.state[0].scope == "run/x");
  const auto third = deduplicate("run/x", second.state, {}, 12000);
  REQUIRE(third.notices.size() == 1);
  CHECK(third.notices[0].change == AlertChange::resolved);
  CHECK(third.notices[0].since_at_ms == 5000);
  CHECK(third.notices[0].alert.level == AlertLevel::critical);
}

TEST_CASE("of two alerts with the same route and code the worse counts; ok is ignored",
          "[reports][unit]")
{
  const auto result = deduplicate(
    "run/x",
    {},
    {alert(AlertLevel::warning), alert(AlertLevel::critical), alert(AlertLevel::ok, "relay-c")},
    1000);
  CHECK(changes(result) == std::vector<std::string>{"opened relay-b critical news"});
}
