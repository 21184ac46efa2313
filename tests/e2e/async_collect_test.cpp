// Scenario: the asynchronous mode. `run --async` sends and returns; the next
// `run --async` sends again and collects the first run's probes once, without
// waiting for any deadline; `collect` picks up the second run's. A later
// collection of the first seed reads only the mail that arrived since (the
// folder cursors are kept in the history).
#include "receiver_lab.hpp"

#include <regex>

using namespace inboxprobe;

namespace {

int
messages_read(const std::string& out, const std::string& seed)
{
  std::smatch m;
  REQUIRE(std::regex_search(out,
                            m,
                            std::regex("seed " + seed
                                       + ": polls=\\d+ failed_polls=0 round_trips=\\d+ "
                                         "messages_read=(\\d+)")));
  return std::stoi(m[1]);
}

} // namespace

TEST_CASE("run --async collects earlier runs and collect picks up the rest", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const std::string d = dir.path().string();
  // Two campaigns sharing one history: seed4 alone, and seed4 with seed3.
  const std::string routes = lab.campaign("e2e-async", d, "30s") + lab.route("provider-a", 'a');
  const std::string plain = test::content("plain", "Nightly.\n");
  test::write_file(dir.path() / "a.toml", routes + test::lab_seed(lab, "seed4@inbox.test") + plain);
  test::write_file(dir.path() / "ab.toml",
                   routes + test::lab_seed(lab, "seed4@inbox.test")
                     + test::lab_seed(lab, "seed3@inbox.test") + plain);
  const std::string binary = INBOXPROBE_BINARY;
  const auto async_run = [&](const std::string& campaign) {
    return test::run_command(binary + " run --async --config " + d + "/" + campaign + ".toml");
  };

  const auto first = async_run("a");
  INFO(first.out);
  REQUIRE(first.exit_code == 0);
  CHECK(first.out.find("no earlier run has pending probes") != std::string::npos);
  const auto run1 = test::load_run(d + "/history.db");
  CHECK(run1.run.state == "collecting");
  const std::string token1 = run1.by_key.at("seed4@inbox.test plain").probe.token;
  REQUIRE(test::wait_for_token(lab, "seed4@inbox.test", "INBOX", token1, 20));

  const auto started = std::chrono::steady_clock::now();
  const auto second = async_run("ab");
  const double seconds =
    std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  INFO(second.out);
  REQUIRE(second.exit_code == 0);
  CHECK(seconds < 10.0); // one look, no waiting for the 30 s deadline
  CHECK(second.out.find("collecting 1 earlier run(s)") != std::string::npos);
  CHECK(second.out.find("run " + run1.run.id + ": 1 probes: 1 inbox") != std::string::npos);
  CHECK(test::load_run(d + "/history.db", run1.run.id).run.state == "done");

  std::string run2;
  {
    auto store = Store::open(d + "/history.db");
    REQUIRE(store);
    run2 = store->list_runs()->front().id; // the newest
  }
  REQUIRE(run2 != run1.run.id);
  const auto collect = test::run_command(binary + " collect --config " + d + "/ab.toml");
  INFO(collect.out);
  REQUIRE(collect.exit_code == 0);
  CHECK(collect.out.find("collecting 1 run(s)") != std::string::npos);
  CHECK(collect.out.find("run " + run2 + ": 2 probes: 2 inbox") != std::string::npos);
  const auto again = test::run_command(binary + " collect --config " + d + "/ab.toml");
  CHECK(again.out.find("no run has pending probes") != std::string::npos);

  // A third run at the first seed, collected from the cursor its first
  // collection stored: only the new probe (and what else arrived since) is read.
  const auto third = async_run("a");
  REQUIRE(third.exit_code == 0);
  CHECK(third.out.find("no earlier run has pending probes") != std::string::npos);
  const auto last = test::run_command(binary + " collect --config " + d + "/a.toml");
  INFO(last.out);
  REQUIRE(last.exit_code == 0);
  CHECK(last.out.find(": 1 probes: 1 inbox") != std::string::npos);
  CHECK(messages_read(last.out, "seed4@inbox.test") <= 2);
  auto store = Store::open(d + "/history.db");
  REQUIRE(store);
  const auto runs = store->list_runs();
  REQUIRE(runs);
  CHECK(runs->size() == 3);
  for (const Run& r : *runs) {
    CAPTURE(r.id);
    CHECK(r.state == "done");
  }
}
