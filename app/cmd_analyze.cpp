// `inboxprobe analyze FILE.eml`: the analysis stage on one saved message, the
// same code path a run uses for each received probe.
#include "commands.hpp"

#include <analysis/analyze.hpp>
#include <analysis/dkim_keys.hpp>
#include <core/error.hpp>
#include <core/record_json.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

namespace inboxprobe {

namespace {

void
print_text(const ProbeResult& r)
{
  std::cout << "provider verdicts: spf=" << to_string(r.spf) << " dkim=" << to_string(r.dkim)
            << " dmarc=" << to_string(r.dmarc) << "\n";
  for (const AuthResultsField& f : r.auth_results) {
    std::cout << "authentication-results " << (f.trusted ? "(trusted) " : "(untrusted) ")
              << (f.authserv_id.empty() ? "<no authserv-id>" : f.authserv_id) << ":";
    for (const AuthResult& a : f.results) {
      std::cout << " " << a.method << "=" << a.result;
    }
    std::cout << "\n";
  }
  for (const DkimCheck& d : r.own_dkim) {
    std::cout << "own dkim: d=" << d.domain << " s=" << d.selector << " a=" << d.algorithm << ": "
              << to_string(d.verdict) << (d.error.empty() ? "" : " (" + d.error + ")") << "\n";
  }
  if (r.spam_verdict) {
    std::cout << "spam filter: " << r.spam_verdict->engine << " is_spam="
              << (r.spam_verdict->is_spam ? (*r.spam_verdict->is_spam ? "yes" : "no") : "?")
              << (r.spam_verdict->score ? " score=" + std::to_string(*r.spam_verdict->score) : "")
              << "\n";
  }
  for (const Finding& f : r.findings) {
    std::cout << "finding " << to_string(f.severity) << " " << f.code << ": " << f.message << "\n";
  }
}

} // namespace

int
analyze_command(const AnalyzeOptions& options)
{
  std::ifstream in(options.file, std::ios::binary);
  if (!in) {
    throw ConfigError(options.file + ": cannot read the message file");
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  AnalysisContext context;
  context.trusted_authserv_ids = options.trusted_authserv_ids;
  std::unique_ptr<DkimKeyLookup> keys;
  if (options.dns_resolver != "none") {
    keys = make_dns_key_lookup(options.dns_resolver);
    context.dkim_keys = keys.get();
  }
  const ProbeResult result = analyze_message(bytes.str(), context);
  if (options.format == "json") {
    std::cout << nlohmann::json(result).dump(2) << "\n";
  } else {
    print_text(result);
  }
  return k_exit_ok;
}

} // namespace inboxprobe
