// [[route]] tables: an SMTP server under test with its TLS mode, AUTH (a
// password, or an XOAUTH2 bearer token from a command or a file), EHLO name,
// extra header fields, timeouts and pacing.
#include "config_parts.hpp"
#include "token_command.hpp"

#include <unistd.h>

#include <cctype>

namespace inboxprobe {

const std::vector<std::string> k_route_keys = {"name",
                                               "url",
                                               "tls",
                                               "ca_file",
                                               "insecure_skip_verify",
                                               "ehlo",
                                               "user",
                                               "auth",
                                               "password_env",
                                               "password_file",
                                               "oauth2_token_command",
                                               "token_file",
                                               "allow_plaintext_auth",
                                               "mail_from",
                                               "from",
                                               "headers",
                                               "connect_timeout",
                                               "timeout",
                                               "max_connections",
                                               "min_interval",
                                               "jitter",
                                               "max_retries",
                                               "retry_backoff",
                                               "bounce_mailbox"};

namespace {

const std::vector<std::string> k_auth_mechanisms = {"auto", "plain", "login", "xoauth2"};

std::string
default_ehlo_name()
{
  // The machine's FQDN when it has one; libcurl would otherwise send a bogus
  // default.
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) == 0 && std::string(host).find('.') != std::string::npos) {
    return host;
  }
  return std::string(host[0] ? host : "localhost") + ".localdomain";
}

// RFC 5321 §4.1.1.1: a domain (letters, digits, hyphens, dots) or an address
// literal in brackets.
bool
is_valid_ehlo_name(const std::string& name)
{
  if (name.size() > 2 && name.front() == '[' && name.back() == ']') {
    return name.find_first_of(" \t[]", 1) == name.size() - 1;
  }
  if (name.empty() || name.size() > 253 || name.front() == '.' || name.front() == '-'
      || name.find("..") != std::string::npos) {
    return false;
  }
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') {
      return false;
    }
  }
  return true;
}

// auth, with the credentials it needs: a password, or a token (xoauth2).
void
read_credentials(TableReader& reader, const std::string& base_dir, Secrets secrets, Route& r)
{
  const bool has_token =
    reader.table().contains("oauth2_token_command") || reader.table().contains("token_file");
  const auto auth = reader.choice("auth", k_auth_mechanisms);
  r.auth = auth ? *parse_auth_mechanism(*auth)
                : (has_token ? AuthMechanism::xoauth2 : AuthMechanism::automatic);
  if (r.auth != AuthMechanism::xoauth2) {
    if (has_token) {
      reader.fail_at(reader.table().contains("token_file") ? "token_file" : "oauth2_token_command",
                     "a token is used with auth = \"xoauth2\" only");
    }
    r.password = read_password(reader, base_dir, secrets, !r.user.empty());
    return;
  }
  if (r.user.empty()) {
    reader.fail_at("auth", "xoauth2 needs user (the account the token belongs to)");
  }
  if (reader.table().contains("password_env") || reader.table().contains("password_file")) {
    reader.fail_at("auth", "xoauth2 uses a token: remove password_env / password_file");
  }
  r.oauth2_token = read_token(reader, base_dir, secrets);
}

// A duration key with a lower bound, or `fallback` when absent.
std::int64_t
duration_at_least(TableReader& reader,
                  const std::string& key,
                  std::int64_t min,
                  std::int64_t fallback)
{
  const std::int64_t ms = reader.duration_ms(key).value_or(fallback);
  if (ms < min) {
    reader.fail_at(key, "must be at least " + std::to_string(min) + "ms");
  }
  return ms;
}

RoutePacing
read_pacing(TableReader& reader)
{
  RoutePacing p;
  p.max_connections =
    static_cast<std::size_t>(reader.integer("max_connections", 1, 32)
                               .value_or(static_cast<std::int64_t>(p.max_connections)));
  p.min_interval_ms = duration_at_least(reader, "min_interval", 0, p.min_interval_ms);
  p.jitter_ms = duration_at_least(reader, "jitter", 0, p.jitter_ms);
  p.max_retries = static_cast<int>(reader.integer("max_retries", 0, 10).value_or(p.max_retries));
  p.retry_backoff_ms = duration_at_least(reader, "retry_backoff", 0, p.retry_backoff_ms);
  return p;
}

} // namespace

Secret
read_token(TableReader& reader, const std::string& base_dir, Secrets secrets)
{
  const auto command = reader.string("oauth2_token_command");
  const auto file = reader.string("token_file");
  if (command && file) {
    reader.fail_at("token_file", "give either oauth2_token_command or token_file, not both");
  }
  if (!command && !file) {
    reader.fail_at("auth", "xoauth2 needs oauth2_token_command or token_file");
  }
  if (secrets == Secrets::skip) {
    return {};
  }
  if (file) {
    return read_secret_file(resolve_path(base_dir, *file), reader.where("token_file"));
  }
  auto argv = split_command_line(*command);
  if (!argv) {
    reader.fail_at("oauth2_token_command", argv.error().what);
  }
  auto token = run_token_command(*argv, k_token_command_timeout_ms);
  if (!token) {
    reader.fail_at("oauth2_token_command", token.error().what);
  }
  return std::move(*token);
}

Route
read_route(TableReader& reader, const std::string& base_dir, Secrets secrets)
{
  Route r;
  r.name = reader.required_string("name");
  r.url = reader.required_string("url");
  check_url(reader, "url", r.url, {"smtp", "smtps"});
  r.tls = tls_mode_of(reader, r.url);
  if (r.url.rfind("smtps://", 0) == 0 && r.tls != TlsMode::tls) {
    reader.fail_at("tls", "an smtps:// URL means implicit TLS: set tls = \"tls\" or use smtp://");
  }
  r.ca_file = resolve_path(base_dir, reader.string("ca_file").value_or(""));
  r.insecure_skip_verify = reader.boolean("insecure_skip_verify").value_or(false);
  if (r.insecure_skip_verify && r.tls == TlsMode::none) {
    reader.fail_at("insecure_skip_verify", "has no effect with tls = \"none\"");
  }
  r.ehlo = reader.string("ehlo").value_or(default_ehlo_name());
  if (!is_valid_ehlo_name(r.ehlo)) {
    reader.fail_at(
      "ehlo", "\"" + r.ehlo + "\" is not a domain name or an address literal such as [192.0.2.1]");
  }
  r.user = reader.string("user").value_or("");
  r.allow_plaintext_auth = reader.boolean("allow_plaintext_auth").value_or(false);
  read_credentials(reader, base_dir, secrets, r);
  if (r.tls == TlsMode::none && !r.user.empty() && !r.allow_plaintext_auth) {
    reader.fail_at("tls",
                   "AUTH without TLS sends the password in the clear; set "
                   "allow_plaintext_auth = true to allow it for this route");
  }
  r.mail_from = reader.required_string("mail_from");
  r.from_header = reader.string("from").value_or(r.mail_from);
  r.headers = read_header_fields(reader, "headers");
  r.connect_timeout_ms = duration_at_least(reader, "connect_timeout", 100, r.connect_timeout_ms);
  r.timeout_ms = duration_at_least(reader, "timeout", 1000, r.timeout_ms);
  r.pacing = read_pacing(reader);
  return r;
}

} // namespace inboxprobe
