// Scenario: the metrics of a served run pass promtool and a real Prometheus,
// started on 127.0.0.1 with a temporary configuration and storage, scrapes
// them from `inboxprobe serve`; its query API returns inboxprobe's series.
#include "monitor_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace inboxprobe;

TEST_CASE("a real Prometheus scrapes serve's metrics, which pass promtool", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const std::string d = dir.path().string();
  test::write_file(dir.path() / "campaign.toml",
                   lab.campaign("e2e-prometheus", d, "8s") + lab.route("provider-a", 'a')
                     + lab.route("provider-b", 'b') + lab.seed("seed1@inbox.test")
                     + "[[content]]\nname = \"n\"\nsubject = \"Hello\"\ntext = \"t\"\n\n"
                     + "[metrics]\ntextfile = \"" + d + "/textfile/inboxprobe.prom\"\n");
  const std::string serve_port = std::to_string(test::free_port());
  test::Background serve(INBOXPROBE_BINARY,
                         {"serve",
                          "--config",
                          d + "/campaign.toml",
                          "--schedule",
                          "@every 1h",
                          "--listen",
                          "127.0.0.1:" + serve_port},
                         dir.path() / "serve.log");
  REQUIRE(serve.wait_output("run finished (exit 0)", 40));
  INFO(serve.output());

  const std::string served = test::http_get("http://127.0.0.1:" + serve_port + "/metrics");
  test::write_file(dir.path() / "served.prom", served, 0644);
  for (const std::string file : {"served.prom", "textfile/inboxprobe.prom"}) {
    CAPTURE(file);
    const auto promtool = test::run_command("promtool check metrics < " + d + "/" + file);
    INFO(promtool.out);
    CHECK(promtool.exit_code == 0);
  }
  CHECK(
    served.find("inboxprobe_run_inbox_ratio{campaign=\"e2e-prometheus\",route=\"provider-b\"} 1\n")
    != std::string::npos);

  const std::string prometheus_port = std::to_string(test::free_port());
  test::write_file(dir.path() / "prometheus.yml",
                   "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: inboxprobe\n"
                   "    static_configs:\n      - targets: ['127.0.0.1:"
                     + serve_port + "']\n",
                   0644);
  test::Background prometheus("prometheus",
                              {"--config.file=" + d + "/prometheus.yml",
                               "--storage.tsdb.path=" + d + "/prometheus-data",
                               "--web.listen-address=127.0.0.1:" + prometheus_port,
                               "--log.level=warn"},
                              dir.path() / "prometheus.log");
  const std::string api = "http://127.0.0.1:" + prometheus_port + "/api/v1/query?query=";
  nlohmann::json result;
  const bool scraped = test::eventually(40, [&] {
    const std::string body = test::http_get(api + "inboxprobe_run_success");
    if (body.empty()) {
      return false;
    }
    result = nlohmann::json::parse(body);
    return !result["data"]["result"].empty();
  });
  INFO(prometheus.output());
  REQUIRE(scraped);
  const nlohmann::json& sample = result["data"]["result"][0];
  CHECK(sample["metric"]["campaign"] == "e2e-prometheus");
  CHECK(sample["metric"]["job"] == "inboxprobe");
  CHECK(sample["value"][1] == "1");
  const auto up = nlohmann::json::parse(test::http_get(api + "up"));
  CHECK(up["data"]["result"][0]["value"][1] == "1");
  const auto probes = nlohmann::json::parse(
    test::http_get(api + "sum(inboxprobe_seed_probes%7Bplacement=%22inbox%22%7D)"));
  CHECK(probes["data"]["result"][0]["value"][1] == "2");

  prometheus.signal(SIGTERM);
  CHECK(prometheus.wait_exit(20) == 0);
  serve.signal(SIGTERM);
  CHECK(serve.wait_exit(15) == 0);
}
