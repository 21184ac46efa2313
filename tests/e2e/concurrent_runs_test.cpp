// Scenario: two `inboxprobe run`s of different campaigns share one history
// database and run at the same time, while a third client holds SQLite's write
// lock for a second as they start. Writers wait for each other (WAL, a busy
// timeout, BEGIN IMMEDIATE) instead of failing with "database is locked": both
// runs finish, every probe of each is delivered once and found, and the
// database passes PRAGMA integrity_check.
#include "child_process.hpp"
#include "receiver_lab.hpp"
#include "scenario.hpp"

#include <sqlite3.h>

using namespace inboxprobe;

namespace {

std::string
campaign_config(const test::Lab& lab,
                const std::string& name,
                const std::string& dir,
                const std::string& db_path,
                const std::vector<std::string>& seeds)
{
  std::string config = lab.campaign(name, dir, "6s");
  // Both campaigns write to the same history.
  const std::string own_db = dir + "/history.db";
  config.replace(config.find(own_db), own_db.size(), db_path);
  config += lab.route("provider-a", 'a');
  for (const std::string& seed : seeds) {
    config += test::lab_seed(lab, seed, "lab", "cleanup = \"expunge\"\n");
  }
  return config + test::k_plain_content;
}

} // namespace

TEST_CASE("two runs on one database at once both finish, and the database stays sound", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const std::filesystem::path a = dir.path() / "a";
  const std::filesystem::path b = dir.path() / "b";
  std::filesystem::create_directories(a);
  std::filesystem::create_directories(b);
  const std::string db_path = (dir.path() / "shared.db").string();
  test::write_file(
    a / "campaign.toml",
    campaign_config(
      lab, "e2e-concurrent-a", a.string(), db_path, {"seed1@inbox.test", "seed2@inbox.test"}));
  test::write_file(
    b / "campaign.toml",
    campaign_config(
      lab, "e2e-concurrent-b", b.string(), db_path, {"seed3@inbox.test", "seed4@inbox.test"}));
  // Create the database, then hold its write lock while both runs start.
  // (`runs` only reads a history; `check` makes it, as a first command may.)
  REQUIRE(test::run_command(std::string(INBOXPROBE_BINARY) + " check --config "
                            + (a / "campaign.toml").string())
            .exit_code
          == 0);
  REQUIRE(std::filesystem::exists(db_path));
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(db_path.c_str(), &raw) == SQLITE_OK);
  const std::unique_ptr<sqlite3, int (*)(sqlite3*)> locker(raw, sqlite3_close);
  REQUIRE(sqlite3_exec(raw, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
  test::ChildProcess run_a({INBOXPROBE_BINARY, "run", "--config", (a / "campaign.toml").string()});
  test::ChildProcess run_b({INBOXPROBE_BINARY, "run", "--config", (b / "campaign.toml").string()});
  // Neither can plan its run while the lock is held: they wait, they do not fail.
  const auto sending = [](const std::string& line) {
    return line.find(": sending") != std::string::npos || line.find("inboxprobe:") == 0;
  };
  CHECK_FALSE(run_a.read_until(sending, 1'000));
  CHECK_FALSE(run_b.read_until(sending, 0));
  REQUIRE(sqlite3_exec(raw, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK);

  const int code_a = run_a.wait();
  const int code_b = run_b.wait();
  INFO(run_a.output());
  INFO(run_b.output());
  CHECK(code_a == 0);
  CHECK(code_b == 0);
  CHECK(run_a.output().find("locked") == std::string::npos);
  CHECK(run_b.output().find("locked") == std::string::npos);

  const auto integrity = test::run_command("sqlite3 " + db_path + " 'PRAGMA integrity_check'");
  CHECK(integrity.out == "ok\n");
  auto store = Store::open(db_path);
  REQUIRE(store);
  const auto runs = store->list_runs();
  REQUIRE(runs);
  REQUIRE(runs->size() == 2);
  for (const Run& run : *runs) {
    CAPTURE(run.id, run.campaign);
    CHECK(run.state == "done");
    const test::RunOutcome outcome = test::load_run(db_path, run.id);
    CHECK(outcome.by_key.size() == 2);
    for (const auto& [key, p] : outcome.by_key) {
      CAPTURE(key);
      CHECK(p.submission.outcome == SubmitOutcome::accepted);
      CHECK(p.result.placement == Placement::inbox);
      CHECK(p.sightings.size() == 1);
    }
  }
}
