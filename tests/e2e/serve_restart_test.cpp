// Scenario: `inboxprobe serve` starts a run on its schedule, survives SIGHUP
// in the middle of it, stops cleanly on SIGTERM while the run is collecting,
// and the next start resumes that run to the end.
#include "monitor_support.hpp"

#include <core/store/store.hpp>

#include <catch2/catch.hpp>

using namespace inboxprobe;

namespace {

// The only run's state in the history ("" when there is none yet).
std::string
run_state(const std::string& db, std::string* id = nullptr)
{
  auto store = Store::open(db);
  if (!store) {
    return "";
  }
  const auto runs = store->list_runs();
  if (!runs || runs->empty()) {
    return "";
  }
  if (id) {
    *id = runs->front().id;
  }
  return runs->front().state;
}

std::string
listen_port(const test::Background& serve)
{
  const std::string out = serve.output();
  const std::string marker = "listening on 127.0.0.1:";
  const std::size_t at = out.find(marker);
  return at == std::string::npos
           ? ""
           : out.substr(at + marker.size(), out.find(' ', at + marker.size()) - at - marker.size());
}

} // namespace

TEST_CASE("serve survives SIGHUP and SIGTERM mid-run and the next start completes the run", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const std::string d = dir.path().string();
  // void@inbox.test drops its probe: the run collects until its deadline.
  test::write_file(dir.path() / "campaign.toml",
                   lab.campaign("e2e-serve", d, "6s") + lab.route("provider-a", 'a')
                     + lab.seed("seed2@inbox.test") + lab.seed("void@inbox.test")
                     + "[[content]]\nname = \"n\"\nsubject = \"Hello\"\ntext = \"t\"\n");
  const std::vector<std::string> args = {"serve",
                                         "--config",
                                         d + "/campaign.toml",
                                         "--schedule",
                                         "@every 1h",
                                         "--listen",
                                         "127.0.0.1:0"};
  const std::string db = d + "/history.db";
  std::string id;
  {
    test::Background serve(INBOXPROBE_BINARY, args, dir.path() / "serve1.log");
    REQUIRE(serve.wait_output("started run", 10));
    REQUIRE(test::eventually(20, [&] { return run_state(db, &id) == "collecting"; }));
    serve.signal(SIGHUP);
    CHECK(serve.wait_output("SIGHUP: configuration reloaded", 5));
    const std::string port = listen_port(serve);
    const std::string health = test::http_get("http://127.0.0.1:" + port + "/healthz");
    CHECK(health == "ok\nrun in progress\n");
    CHECK(serve.running());
    serve.signal(SIGTERM);
    CHECK(serve.wait_exit(15) == 0);
    INFO(serve.output());
    CHECK(serve.output().find("stopping run (pid ") != std::string::npos);
    CHECK(serve.output().find("the next start resumes it") != std::string::npos);
  }
  CHECK(run_state(db) == "collecting"); // interrupted, not lost

  test::Background serve(INBOXPROBE_BINARY, args, dir.path() / "serve2.log");
  CHECK(serve.wait_output("started resume " + id, 10));
  CHECK(test::eventually(40, [&] { return run_state(db) == "done"; }));
  CHECK(serve.wait_output("resume " + id + " finished (exit 0)", 10));
  const std::string metrics = test::http_get("http://127.0.0.1:" + listen_port(serve) + "/metrics");
  INFO(serve.output());
  CHECK(metrics.find("inboxprobe_run_success{campaign=\"e2e-serve\"} 1\n") != std::string::npos);
  CHECK(metrics.find("inboxprobe_seed_probes{campaign=\"e2e-serve\",route=\"provider-a\","
                     "seed=\"void@inbox.test\",provider=\"lab\",placement=\"missing\"} 1\n")
        != std::string::npos);
  CHECK(metrics.find("inboxprobe_serve_runs_total{result=\"success\"} 1\n") != std::string::npos);
  serve.signal(SIGTERM);
  CHECK(serve.wait_exit(15) == 0);
}
