// Mailbox tables of the configuration: [[seed]] and a route's bounce_mailbox,
// with their login (a password, or an OAuth 2.0 access token for SASL XOAUTH2
// from a file or a command), provider preset, cleanup mode and deadline.
#include "config_parts.hpp"

namespace inboxprobe {

const std::vector<std::string> k_seed_keys = {"address",
                                              "provider",
                                              "imap_url",
                                              "tls",
                                              "ca_file",
                                              "user",
                                              "password_env",
                                              "password_file",
                                              "token_file",
                                              "oauth2_token_command",
                                              "junk_folder",
                                              "trusted_authserv_ids",
                                              "cleanup",
                                              "deadline"};

const std::vector<std::string> k_bounce_mailbox_keys = {"address",
                                                        "provider",
                                                        "imap_url",
                                                        "tls",
                                                        "ca_file",
                                                        "user",
                                                        "password_env",
                                                        "password_file",
                                                        "token_file",
                                                        "oauth2_token_command",
                                                        "junk_folder"};

namespace {

const std::vector<std::string> k_cleanup_modes = {"none", "trash", "expunge"};

// password_env / password_file, or token_file / oauth2_token_command
// (SASL XOAUTH2, RFC 7628 style bearer tokens as Gmail and Microsoft 365 want).
void
read_login(TableReader& reader, const std::string& base_dir, Secrets secrets, SeedMailbox& s)
{
  const toml::table& t = reader.table();
  const int given = int(t.contains("password_env")) + int(t.contains("password_file"))
                    + int(t.contains("token_file")) + int(t.contains("oauth2_token_command"));
  const auto token_file = reader.string("token_file");
  const auto token_command = reader.string("oauth2_token_command");
  if (given > 1) {
    reader.fail_at(token_file      ? "token_file"
                   : token_command ? "oauth2_token_command"
                                   : "password_file",
                   "give one of password_env, password_file, token_file or "
                   "oauth2_token_command");
  }
  if (!token_file && !token_command) {
    s.password = read_password(reader, base_dir, secrets, true);
    return;
  }
  s.auth = ImapAuth::xoauth2;
  s.password = read_token(reader, base_dir, secrets);
}

const ProviderPreset&
preset_of(TableReader& reader, const ProviderPresets& presets, const std::string& name)
{
  const auto preset = presets.find(name);
  if (preset == presets.end()) {
    std::string names;
    for (const auto& [known, p] : presets) {
      names += (names.empty() ? "" : ", ") + known;
    }
    reader.fail_at("provider", "unknown provider preset \"" + name + "\" (known: " + names + ")");
  }
  return preset->second;
}

// What a seed and a bounce mailbox share: server, TLS, login, spam folder.
void
read_mailbox(TableReader& reader,
             const std::string& base_dir,
             const ProviderPreset& preset,
             Secrets secrets,
             SeedMailbox& s)
{
  s.imap_url = reader.string("imap_url").value_or(preset.imap_url);
  if (s.imap_url.empty()) {
    reader.fail_at("imap_url", "missing: the \"" + s.provider + "\" preset has no IMAP server");
  }
  check_url(reader, "imap_url", s.imap_url, {"imap", "imaps"});
  s.tls = tls_mode_of(reader, s.imap_url);
  s.ca_file = resolve_path(base_dir, reader.string("ca_file").value_or(""));
  s.user = reader.string("user").value_or(s.address);
  read_login(reader, base_dir, secrets, s);
  if (const auto junk = reader.string("junk_folder")) {
    s.junk_folder_names.push_back(*junk);
  }
  for (const std::string& name : preset.junk_folders) {
    s.junk_folder_names.push_back(name);
  }
}

} // namespace

SeedMailbox
read_seed(TableReader& reader,
          const std::string& base_dir,
          const ProviderPresets& presets,
          Secrets secrets)
{
  SeedMailbox s;
  s.address = reader.required_string("address");
  if (s.address.find('@') == std::string::npos) {
    reader.fail_at("address", "not an email address: \"" + s.address + "\"");
  }
  s.provider = reader.string("provider").value_or("dovecot");
  const ProviderPreset& preset = preset_of(reader, presets, s.provider);
  read_mailbox(reader, base_dir, preset, secrets, s);
  s.trusted_authserv_ids = reader.table().contains("trusted_authserv_ids")
                             ? reader.string_array("trusted_authserv_ids")
                             : preset.authserv_ids;
  if (const auto cleanup = reader.choice("cleanup", k_cleanup_modes)) {
    s.cleanup = *cleanup == "trash"     ? SeedCleanup::trash
                : *cleanup == "expunge" ? SeedCleanup::expunge
                                        : SeedCleanup::none;
  }
  s.deadline_ms = reader.duration_ms("deadline").value_or(0);
  if (reader.table().contains("deadline") && s.deadline_ms < 1000) {
    reader.fail_at("deadline", "must be at least 1s");
  }
  return s;
}

SeedMailbox
read_bounce_mailbox(TableReader& reader,
                    const std::string& base_dir,
                    const ProviderPresets& presets,
                    Secrets secrets)
{
  SeedMailbox s;
  s.user = reader.required_string("user");
  s.address = reader.string("address").value_or(s.user);
  s.provider = reader.string("provider").value_or("dovecot");
  const ProviderPreset& preset = preset_of(reader, presets, s.provider);
  read_mailbox(reader, base_dir, preset, secrets, s);
  return s;
}

} // namespace inboxprobe
