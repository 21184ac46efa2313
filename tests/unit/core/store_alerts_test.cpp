// The store's monitoring alert state: replaced per scope, one scope never
// touching another.
#include <core/store/store.hpp>

#include <catch2/catch.hpp>

using namespace inboxprobe;

TEST_CASE("alert states are replaced per scope and read back in route and code order",
          "[core][store][unit]")
{
  auto store = Store::open(":memory:");
  REQUIRE(store);
  const std::vector<AlertStateRow> run_rows = {
    {"run/nightly", "relay-b", "inbox_rate.low", "critical", "inbox 40 %", 1000, 2000},
    {"run/nightly", "relay-a", "spam_rate.high", "warning", "spam 20 %", 1500, 2000},
  };
  const std::vector<AlertStateRow> check_rows = {
    {"check/nightly/relay-a", "relay-a", "smtp.connect", "critical", "refused", 1700, 1700},
  };
  REQUIRE(store->replace_alert_states("run/nightly", run_rows));
  REQUIRE(store->replace_alert_states("check/nightly/relay-a", check_rows));

  const auto loaded = store->load_alert_states("run/nightly");
  REQUIRE(loaded);
  REQUIRE(loaded->size() == 2);
  CHECK((*loaded)[0].route == "relay-a");
  CHECK((*loaded)[0].level == "warning");
  CHECK((*loaded)[1].code == "inbox_rate.low");
  CHECK((*loaded)[1].since_at_ms == 1000);
  CHECK((*loaded)[1].last_seen_at_ms == 2000);

  // Recovery of every run alert leaves the check scope alone.
  REQUIRE(store->replace_alert_states("run/nightly", {}));
  CHECK(store->load_alert_states("run/nightly")->empty());
  const auto checks = store->load_alert_states("check/nightly/relay-a");
  REQUIRE(checks);
  REQUIRE(checks->size() == 1);
  CHECK(checks->front().message == "refused");
}

TEST_CASE("an alert state row of another scope is a bug", "[core][store][unit]")
{
  auto store = Store::open(":memory:");
  REQUIRE(store);
  const std::vector<AlertStateRow> rows = {{"run/other", "", "x", "warning", "m", 1, 1}};
  CHECK_THROWS_AS(store->replace_alert_states("run/nightly", rows), Bug);
}
