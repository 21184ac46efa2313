// The analysis benchmark (bench/analysis.sh): messages analysed per second by
// analyze_message over a prepared message set (parse, every A-R field, our
// own DKIM and ARC verification with keys from an in-memory map, the Received
// chain, spam verdicts, compliance). Usage: analysis_bench DIR SECONDS, where
// DIR holds messages/*.eml and keys.txt (bench/analysis_peer.py prepare).
#include <analysis/analyze.hpp>
#include <analysis/dkim_keys.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::string
read(const std::filesystem::path& path)
{
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

} // namespace

int
main(int argc, char** argv)
{
  if (argc != 3) {
    std::cerr << "usage: analysis_bench DIR SECONDS\n";
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  const double seconds = std::stod(argv[2]);
  auto keys = inboxprobe::MapKeyLookup::from_file((dir / "keys.txt").string());
  if (!keys) {
    std::cerr << keys.error().what << "\n";
    return 1;
  }
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(dir / "messages")) {
    paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> messages;
  for (const auto& path : paths) {
    messages.push_back(read(path));
  }
  inboxprobe::AnalysisContext context;
  context.trusted_authserv_ids = {"koriander.ueber.net", "mx.google.com"};
  context.dkim_keys = &*keys;
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  std::size_t done = 0;
  std::size_t passes = 0;
  while (std::chrono::duration<double>(clock::now() - start).count() < seconds) {
    for (const std::string& message : messages) {
      const inboxprobe::ProbeResult result = inboxprobe::analyze_message(message, context);
      for (const inboxprobe::DkimCheck& check : result.own_dkim) {
        passes += check.verdict == inboxprobe::AuthVerdict::pass;
      }
    }
    done += messages.size();
  }
  const double elapsed = std::chrono::duration<double>(clock::now() - start).count();
  std::printf("%.1f\n", static_cast<double>(done) / elapsed);
  std::fprintf(stderr,
               "analysis_bench: %zu messages, %zu signatures passed per round\n",
               messages.size(),
               passes / (done / messages.size()));
  return 0;
}
