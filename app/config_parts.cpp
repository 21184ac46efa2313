// Shared pieces of the configuration loader (see config_parts.hpp).
#include "config_parts.hpp"

#include <cstdlib>
#include <filesystem>

namespace inboxprobe::config_detail {

namespace {

const std::vector<std::string> k_tls_modes = {"starttls", "tls", "none"};

} // namespace

std::string
resolve_path(const std::string& base_dir, const std::string& path)
{
  namespace fs = std::filesystem;
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

} // namespace inboxprobe::config_detail
