// `inboxprobe analyze FILE.eml`: the analysis stage on one saved message, the
// same code path a run uses for each received probe, printed as text, JSON or
// a self-contained HTML page.
#include "analyze_output.hpp"
#include "commands.hpp"

#include <analysis/analyze.hpp>
#include <analysis/dkim_keys.hpp>
#include <analysis/dns_resolver.hpp>
#include <analysis/message_limits.hpp>
#include <core/error.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>

namespace inboxprobe {

int
analyze_command(const AnalyzeOptions& options)
{
  std::ifstream in(options.file, std::ios::binary);
  if (!in) {
    throw ConfigError(options.file + ": cannot read the message file");
  }
  // One byte past the limit is enough for the analysis to report
  // message.too_large; a larger file is not read into memory whole.
  std::string bytes;
  char chunk[64 * 1024];
  while (bytes.size() <= k_max_message_bytes && in.read(chunk, sizeof chunk).gcount() > 0) {
    bytes.append(chunk, static_cast<std::size_t>(in.gcount()));
  }
  bytes.resize(std::min(bytes.size(), k_max_message_bytes + 1));
  AnalysisContext context;
  context.trusted_authserv_ids = options.trusted_authserv_ids;
  // One resolver for everything that asks DNS: DKIM and ARC keys, SPF, DMARC.
  std::unique_ptr<DnsResolver> dns;
  std::unique_ptr<DkimKeyLookup> keys;
  if (options.dns_resolver != "none") {
    dns = make_dns_resolver(options.dns_resolver);
    keys = make_resolver_key_lookup(*dns);
    context.dkim_keys = keys.get();
    context.dns = dns.get();
  }
  const ProbeResult result = analyze_message(bytes, context);
  if (options.format == "json") {
    std::cout << render_analysis_json(result);
  } else if (options.format == "html") {
    std::cout << render_analysis_html(result, "inboxprobe analysis of " + options.file);
  } else {
    print_analysis_text(result, std::cout);
  }
  return k_exit_ok;
}

} // namespace inboxprobe
