// sender_bench: inboxprobe's own send pass (plan, compose tagged MIME, submit
// over reused connections, save every Submission in the history) against an
// SMTP sink, timed from the first probe planned to the last one saved. Run by
// bench/sender.sh beside Postfix's smtp-source; never part of the tests.
//
//   sender_bench PORT SESSIONS MESSAGES PAYLOAD_BYTES DB_PATH
//
// Prints one line: "messages=M seconds=S rate=R message_bytes=B accepted=A".
#include "config.hpp"
#include "run_passes.hpp"

#include <core/clock.hpp>
#include <core/store/store.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>

using namespace inboxprobe;

namespace {

Config
bench_config(const std::string& port,
             std::size_t sessions,
             std::size_t messages,
             std::size_t payload_bytes)
{
  Config config;
  config.campaign.name = "bench";
  Route route;
  route.name = "sink";
  route.url = "smtp://127.0.0.1:" + port;
  route.tls = TlsMode::none; // smtp-sink speaks no TLS, and smtp-source uses none either
  route.ehlo = "bench.inboxprobe.test";
  route.mail_from = "bench@sender.test";
  route.from_header = "Bench <bench@sender.test>";
  route.pacing.max_connections = sessions;
  config.routes.push_back(route);
  for (std::size_t i = 0; i < messages; ++i) {
    SeedMailbox seed;
    seed.address = "seed" + std::to_string(i) + "@inbox.test";
    seed.provider = "lab";
    config.seeds.push_back(seed);
  }
  Content content;
  content.name = "payload";
  content.subject = "inboxprobe sender benchmark";
  // Lines of 72 characters, like smtp-source's payload.
  for (std::size_t n = 0; n < payload_bytes; n += 74) {
    content.text += std::string(72, 'x') + "\n";
  }
  config.contents.push_back(content);
  return config;
}

} // namespace

int
main(int argc, char** argv)
{
  if (argc != 6) {
    std::cerr << "usage: sender_bench PORT SESSIONS MESSAGES PAYLOAD_BYTES DB_PATH\n";
    return 2;
  }
  const Config config =
    bench_config(argv[1], std::stoul(argv[2]), std::stoul(argv[3]), std::stoul(argv[4]));
  auto store = Store::open(argv[5]);
  if (!store) {
    std::cerr << store.error().what << "\n";
    return 1;
  }
  SystemClock clock;
  std::ostringstream progress;
  RunContext ctx{config, *store, clock, progress, false};
  const auto start = std::chrono::steady_clock::now();
  const auto run_id = plan_run(ctx);
  if (!run_id || !send_probes(ctx, *run_id)) {
    std::cerr << "send pass failed\n" << progress.str();
    return 1;
  }
  const double seconds =
    std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto submissions = store->load_submissions(*run_id);
  std::size_t accepted = 0;
  std::size_t bytes = 0;
  for (const Submission& s : *submissions) {
    accepted += s.outcome == SubmitOutcome::accepted ? 1 : 0;
    bytes += s.message_bytes.size();
  }
  std::printf("messages=%zu seconds=%.3f rate=%.1f message_bytes=%zu accepted=%zu\n",
              submissions->size(),
              seconds,
              static_cast<double>(submissions->size()) / seconds,
              submissions->empty() ? 0 : bytes / submissions->size(),
              accepted);
  return accepted == submissions->size() ? 0 : 1;
}
