// The configuration loader's shared pieces (internal to app/): path and URL
// checks, TLS modes, secrets, and the readers of mailbox tables (a [[seed]],
// a route's bounce_mailbox). Every reader reports mistakes as file:line: key
// through its TableReader (ConfigError).
#pragma once

#include "config.hpp"
#include "config_reader.hpp"
#include "provider_presets.hpp"

#include <core/model.hpp>

#include <string>
#include <vector>

namespace inboxprobe::config_detail {

// The keys a [[seed]] table may have.
extern const std::vector<std::string> k_seed_keys;
// The keys of a route's bounce_mailbox table.
extern const std::vector<std::string> k_bounce_mailbox_keys;

// `path` relative to `base_dir` unless empty or absolute.
std::string resolve_path(const std::string& base_dir, const std::string& path);

// The secret named by password_env / password_file in `reader`'s table; empty
// when neither is given and not `required`.
Secret
read_password(TableReader& reader, const std::string& base_dir, Secrets secrets, bool required);

// The tls key, or the mode the URL's scheme implies (smtps/imaps: tls).
TlsMode tls_mode_of(TableReader& reader, const std::string& url);

// Fail unless `url` starts with one of `schemes` followed by "://" and a host.
void check_url(TableReader& reader,
               const std::string& key,
               const std::string& url,
               const std::vector<std::string>& schemes);

// A [[seed]] table, with its provider preset merged in.
SeedMailbox read_seed(TableReader& reader,
                      const std::string& base_dir,
                      const ProviderPresets& presets,
                      Secrets secrets);

// A route's bounce_mailbox table: where that route's DSNs arrive.
SeedMailbox read_bounce_mailbox(TableReader& reader,
                                const std::string& base_dir,
                                const ProviderPresets& presets,
                                Secrets secrets);

} // namespace inboxprobe::config_detail
