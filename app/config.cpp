// Loading the campaign configuration: TOML -> Config, presets merged, secrets
// resolved, every mistake reported as file:line: key (ConfigError).
#include "config.hpp"

#include "config_monitoring.hpp"
#include "config_parts.hpp"
#include "config_reader.hpp"
#include "provider_presets.hpp"

#include <core/error.hpp>

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace inboxprobe {

namespace {

namespace fs = std::filesystem;

const std::vector<std::string> k_tls_modes = {"starttls", "tls", "none"};
const std::vector<std::string> k_provider_keys = {
  "description", "imap_url", "junk_folders", "authserv_ids"};
// Plus monitoring_top_keys() and, for routes, monitoring_route_keys().
const std::vector<std::string> k_top_keys = {
  "campaign", "provider", "route", "seed", "seeds", "content"};

std::vector<std::string>
with_monitoring(std::vector<std::string> keys, const std::vector<std::string>& more)
{
  keys.insert(keys.end(), more.begin(), more.end());
  return keys;
}

// "0a" for 10.
std::string
to_hex(unsigned char byte)
{
  constexpr char k_digits[] = "0123456789abcdef";
  return {k_digits[byte >> 4], k_digits[byte & 0xF]};
}

toml::table
parse_file(const std::string& path)
{
  try {
    return toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    // toml++ quotes the offending input, which may hold a line break: the
    // error stays one line.
    std::string description;
    for (const char c : e.description()) {
      const auto u = static_cast<unsigned char>(c);
      description += u < 0x20 || u == 0x7f ? "\\x" + to_hex(u) : std::string(1, c);
    }
    throw ConfigError(path + ":" + std::to_string(where.line) + ": " + description);
  }
}

Campaign
read_campaign(const toml::table& root, const std::string& file, const std::string& base_dir)
{
  Campaign c;
  const toml::table* table = root["campaign"].as_table();
  if (!table) {
    throw ConfigError(file + ":1: campaign: missing the [campaign] table");
  }
  TableReader reader(*table,
                     file,
                     "campaign",
                     {"name",
                      "deadline",
                      "poll_interval",
                      "out",
                      "db",
                      "dns_resolver",
                      "max_parallel_seeds",
                      "keep_days",
                      "keep_raw_days",
                      "max_connections_per_host",
                      "imap_timeout",
                      "collect_horizon"});
  c.name = reader.required_string("name");
  c.deadline_ms = reader.duration_ms("deadline").value_or(c.deadline_ms);
  c.poll_interval_ms = reader.duration_ms("poll_interval").value_or(c.poll_interval_ms);
  if (c.poll_interval_ms < 100) {
    reader.fail_at("poll_interval", "must be at least 100ms");
  }
  c.out_dir = resolve_path(base_dir, reader.string("out").value_or("inboxprobe-out"));
  c.db_path = resolve_path(base_dir, reader.string("db").value_or(c.out_dir + "/history.db"));
  c.dns_resolver = reader.string("dns_resolver").value_or("");
  c.max_parallel_seeds =
    static_cast<std::size_t>(reader.integer("max_parallel_seeds", 1, 64).value_or(8));
  c.max_connections_per_host =
    static_cast<std::size_t>(reader.integer("max_connections_per_host", 1, 64).value_or(10));
  c.imap_timeout_ms = reader.duration_ms("imap_timeout").value_or(c.imap_timeout_ms);
  if (c.imap_timeout_ms < 1000) {
    reader.fail_at("imap_timeout", "must be at least 1s");
  }
  c.collect_horizon_ms = reader.duration_ms("collect_horizon").value_or(c.collect_horizon_ms);
  c.keep_days = static_cast<int>(reader.integer("keep_days", 0, 100'000).value_or(c.keep_days));
  c.keep_raw_days =
    static_cast<int>(reader.integer("keep_raw_days", 0, 100'000).value_or(c.keep_raw_days));
  // Raw bytes outliving their run would be deleted with it anyway: say so.
  if (c.keep_days > 0 && (c.keep_raw_days == 0 || c.keep_raw_days > c.keep_days)) {
    reader.fail_at("keep_raw_days",
                   "must be between 1 and keep_days (" + std::to_string(c.keep_days)
                     + "): raw bytes cannot outlive their run");
  }
  return c;
}

// Call `f(reader)` for each table of the array of tables `key` in `root`.
template<typename F>
void
for_each_table(const toml::table& root,
               const std::string& key,
               const std::string& file,
               const std::vector<std::string>& allowed,
               F&& f)
{
  const toml::node* node = root.get(key);
  if (!node) {
    return;
  }
  const toml::array* array = node->as_array();
  if (!array || !array->is_array_of_tables()) {
    throw ConfigError(file + ":" + std::to_string(node->source().begin.line) + ": " + key
                      + ": expected [[" + key + "]] tables");
  }
  std::size_t index = 0;
  for (const toml::node& item : *array) {
    TableReader reader(*item.as_table(), file, key + "[" + std::to_string(++index) + "]", allowed);
    f(reader);
  }
}

void
read_provider_overrides(const toml::table& root, const std::string& file, ProviderPresets& presets)
{
  const toml::table* providers = root["provider"].as_table();
  if (!providers) {
    return;
  }
  for (const auto& [key, node] : *providers) {
    const std::string name(key.str());
    if (!node.is_table()) {
      throw ConfigError(file + ":" + std::to_string(node.source().begin.line) + ": provider." + name
                        + ": expected a table");
    }
    TableReader reader(*node.as_table(), file, "provider." + name, k_provider_keys);
    ProviderPreset& preset = presets[name];
    preset.name = name;
    preset.description = reader.string("description").value_or(preset.description);
    preset.imap_url = reader.string("imap_url").value_or(preset.imap_url);
    if (reader.table().contains("junk_folders")) {
      preset.junk_folders = reader.string_array("junk_folders");
    }
    if (reader.table().contains("authserv_ids")) {
      preset.authserv_ids = reader.string_array("authserv_ids");
    }
  }
}

// The names of one kind of table ("route", "seed", ...) seen so far, with
// where each was first defined: a second definition fails at its own line.
class UniqueNames
{
public:
  explicit UniqueNames(std::string what) : m_what(std::move(what))
  {
  }

  // Throws ConfigError naming `reader`'s `key` when `name` was seen before.
  void
  add(const TableReader& reader, const std::string& key, const std::string& name)
  {
    const auto [it, inserted] = m_first.emplace(name, reader.where(key));
    if (!inserted) {
      std::string first = it->second; // "file:20: seed[1].address"
      if (first.rfind(reader.file() + ":", 0) == 0) {
        first = "line " + first.substr(reader.file().size() + 1);
      }
      reader.fail_at(key, m_what + " \"" + name + "\" is defined twice (first at " + first + ")");
    }
  }

private:
  std::string m_what;
  std::map<std::string, std::string> m_first;
};

} // namespace

std::string
resolve_path(const std::string& base_dir, const std::string& path)
{
  if (path.empty() || fs::path(path).is_absolute()) {
    return path;
  }
  return (fs::path(base_dir) / path).lexically_normal().string();
}

Secret
read_password(TableReader& reader, const std::string& base_dir, Secrets secrets, bool required)
{
  const auto env = reader.string("password_env");
  const auto file = reader.string("password_file");
  if (env && file) {
    reader.fail_at("password_file", "give either password_env or password_file, not both");
  }
  if (!env && !file) {
    if (required) {
      reader.fail_at("password_file", "missing: set password_env = \"NAME\" or password_file");
    }
    return {};
  }
  if (secrets == Secrets::skip) {
    return {};
  }
  if (env) {
    const char* value = std::getenv(env->c_str());
    if (!value || !*value) {
      reader.fail_at("password_env", "environment variable " + *env + " is not set or empty");
    }
    return Secret(value);
  }
  return read_secret_file(resolve_path(base_dir, *file), reader.where("password_file"));
}

TlsMode
tls_mode_of(TableReader& reader, const std::string& url)
{
  if (const auto text = reader.choice("tls", k_tls_modes)) {
    return *parse_tls_mode(*text);
  }
  return url.rfind("smtps://", 0) == 0 || url.rfind("imaps://", 0) == 0 ? TlsMode::tls
                                                                        : TlsMode::starttls;
}

void
check_url(TableReader& reader,
          const std::string& key,
          const std::string& url,
          const std::vector<std::string>& schemes)
{
  for (const std::string& scheme : schemes) {
    if (url.rfind(scheme + "://", 0) == 0 && url.size() > scheme.size() + 3) {
      return;
    }
  }
  std::string list;
  for (const std::string& s : schemes) {
    list += (list.empty() ? "" : " or ") + s + "://host:port";
  }
  reader.fail_at(key, "expected " + list + ", got \"" + url + "\"");
}

Secret
read_secret_file(const std::string& file, const std::string& where)
{
  struct stat st
  {
  };
  if (stat(file.c_str(), &st) != 0) {
    throw ConfigError(where + ": cannot read " + file + ": no such file");
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    throw ConfigError(where + ": " + file + " is readable by group or others; run: chmod 600 "
                      + file);
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw ConfigError(where + ": cannot read " + file);
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::string value = text.str();
  if (!value.empty() && value.back() == '\n') {
    value.pop_back();
  }
  if (!value.empty() && value.back() == '\r') {
    value.pop_back();
  }
  if (value.empty()) {
    throw ConfigError(where + ": " + file + " is empty");
  }
  return Secret(value);
}

Config
load_config(const std::string& path, Secrets secrets)
{
  Config config;
  config.path = path;
  if (!fs::exists(path)) {
    throw ConfigError(path + ": no such file");
  }
  const std::string base_dir = fs::absolute(path).parent_path().string();
  const toml::table root = parse_file(path);
  TableReader top(root, path, "", with_monitoring(k_top_keys, monitoring_top_keys()));
  config.campaign = read_campaign(root, path, base_dir);

  ProviderPresets presets = builtin_provider_presets();
  read_provider_overrides(root, path, presets);

  UniqueNames route_names("route");
  UniqueNames seed_names("seed");
  UniqueNames content_names("content");
  const auto route_keys = with_monitoring(k_route_keys, monitoring_route_keys());
  for_each_table(root, "route", path, route_keys, [&](TableReader& r) {
    config.routes.push_back(read_route(r, base_dir, secrets));
    route_names.add(r, "name", config.routes.back().name);
    if (const toml::node* node = r.table().get("bounce_mailbox")) {
      if (!node->is_table()) {
        r.fail_at("bounce_mailbox", "expected a table, e.g. { imap_url = ..., user = ... }");
      }
      TableReader mailbox(
        *node->as_table(), path, r.prefix() + ".bounce_mailbox", k_bounce_mailbox_keys);
      config.bounce_mailboxes[config.routes.back().name] =
        read_bounce_mailbox(mailbox, base_dir, presets, secrets);
    }
  });
  for_each_table(root, "seed", path, k_seed_keys, [&](TableReader& r) {
    config.seeds.push_back(read_seed(r, base_dir, presets, secrets));
    seed_names.add(r, "address", config.seeds.back().address);
  });
  for (const std::string& seed_file : top.string_array("seeds")) {
    const std::string seed_path = resolve_path(base_dir, seed_file);
    if (!fs::exists(seed_path)) {
      top.fail_at("seeds", "no such file: " + seed_path);
    }
    const toml::table seed_root = parse_file(seed_path);
    const std::string seed_dir = fs::absolute(seed_path).parent_path().string();
    read_provider_overrides(seed_root, seed_path, presets);
    for_each_table(seed_root, "seed", seed_path, k_seed_keys, [&](TableReader& r) {
      config.seeds.push_back(read_seed(r, seed_dir, presets, secrets));
      seed_names.add(r, "address", config.seeds.back().address);
    });
  }
  for_each_table(root, "content", path, k_content_keys, [&](TableReader& r) {
    config.contents.push_back(read_content(r, base_dir));
    content_names.add(r, "name", config.contents.back().name);
  });

  if (config.routes.empty()) {
    throw ConfigError(path + ":1: route: at least one [[route]] is needed");
  }
  if (config.seeds.empty()) {
    throw ConfigError(path + ":1: seed: at least one [[seed]] (or seeds = [\"file\"]) is needed");
  }
  if (config.contents.empty()) {
    throw ConfigError(path + ":1: content: at least one [[content]] is needed");
  }
  config.monitoring = read_monitoring(
    root, path, [&](const std::string& p) { return resolve_path(base_dir, p); }, config.routes);
  return config;
}

} // namespace inboxprobe
