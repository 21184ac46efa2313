// The pieces of the configuration loader shared by its files: config.cpp (campaign,
// providers, the whole file, shared checks), config_route.cpp ([[route]]),
// config_content.cpp ([[content]]) and config_seed.cpp ([[seed]], a route's
// bounce_mailbox). Every function throws ConfigError naming file:line: key.
#pragma once

#include "config.hpp"
#include "config_reader.hpp"
#include "provider_presets.hpp"

#include <core/model.hpp>

#include <string>
#include <vector>

namespace inboxprobe {

extern const std::vector<std::string> k_route_keys;
extern const std::vector<std::string> k_content_keys;
extern const std::vector<std::string> k_seed_keys;
// The keys of a route's bounce_mailbox table.
extern const std::vector<std::string> k_bounce_mailbox_keys;

// `path` relative to `base_dir` unless absolute; "" stays "".
std::string resolve_path(const std::string& base_dir, const std::string& path);

// The secret named by password_env / password_file in `reader`'s table; empty
// when neither is given and `required` is false, or with Secrets::skip.
Secret
read_password(TableReader& reader, const std::string& base_dir, Secrets secrets, bool required);

// The tls key, or the mode the URL's scheme implies (smtps/imaps: tls).
TlsMode tls_mode_of(TableReader& reader, const std::string& url);

// Fail unless `url` starts with one of `schemes` + "://" and has more after it.
void check_url(TableReader& reader,
               const std::string& key,
               const std::string& url,
               const std::vector<std::string>& schemes);

// The string table `key` (e.g. headers = { "X-A" = "1" }) as header fields:
// names must be RFC 5322 §3.6.8 field names and not one inboxprobe writes
// itself, values must have no line break and at most 900 octets (so that
// every line can be folded under 998).
std::vector<std::pair<std::string, std::string>> read_header_fields(TableReader& reader,
                                                                    const std::string& key);

Route read_route(TableReader& reader, const std::string& base_dir, Secrets secrets);
Content read_content(TableReader& reader, const std::string& base_dir);

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

// The XOAUTH2 bearer token from oauth2_token_command (run without a shell, time-bounded)
// or token_file (same permission rule as password_file); empty with Secrets::skip.
Secret read_token(TableReader& reader, const std::string& base_dir, Secrets secrets);

} // namespace inboxprobe
