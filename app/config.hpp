// The campaign configuration (TOML): routes under test, seed mailboxes, content
// variants and run settings, with provider presets (seeds/providers.toml)
// merged in and secrets resolved. Every mistake is a ConfigError whose message
// names the file, the line and the key:
//   "campaign.toml:12: route[2].tls: expected one of starttls, tls, none, got
//   \"ssl\""
#pragma once

#include "monitor_config.hpp"

#include <core/model.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace inboxprobe {

struct Campaign
{
  std::string name;
  std::int64_t deadline_ms = 120'000; // after the last probe is sent
  std::int64_t poll_interval_ms = 5'000;
  std::string db_path;      // absolute
  std::string out_dir;      // absolute
  std::string dns_resolver; // "host:port" for DKIM key lookups; "" = system
  std::size_t max_parallel_seeds = 8;
  // History retention in days from a run's start (0 = forever): whole runs
  // after keep_days, raw message bytes and transcripts after keep_raw_days.
  int keep_days = 400;
  int keep_raw_days = 35;
  std::size_t max_connections_per_host = 10; // IMAP connections to one server at once
  std::int64_t imap_timeout_ms = 30'000;     // per IMAP command (login included)
  // How far back `collect` and `run --async` look for probes still pending.
  std::int64_t collect_horizon_ms = 7LL * 24 * 3600 * 1000;
};

struct Config
{
  std::string path; // the file it was read from
  Campaign campaign;
  std::vector<Route> routes;
  std::vector<SeedMailbox> seeds;
  std::vector<Content> contents;
  // A route's bounce mailbox (route name -> mailbox), where its DSNs arrive.
  std::map<std::string, SeedMailbox> bounce_mailboxes;
  Monitoring monitoring; // thresholds, alerts, metrics, serve (monitor_config.hpp)
};

// Whether secrets are read: `resolve` for commands that connect; `skip` for
// commands that only read the history (report), so a report can be rebuilt
// without the passwords.
enum class Secrets { resolve, skip };

// Load and validate `path`. Relative paths in the file (db, out, seed files,
// password files, CA files) are relative to the file's directory. Throws
// ConfigError.
Config load_config(const std::string& path, Secrets secrets = Secrets::resolve);

// Read a secret from a file: refused when the file is group- or
// world-accessible (like ssh), one trailing newline stripped. Throws
// ConfigError naming `where` (file:line: key).
Secret read_secret_file(const std::string& file, const std::string& where);

} // namespace inboxprobe
