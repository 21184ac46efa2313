// Mailbox-provider presets (seeds/providers.toml, compiled in), plus any
// [provider.NAME] tables a configuration adds or overrides.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace inboxprobe {

struct ProviderPreset
{
  std::string name;
  std::string description;
  std::string imap_url;                  // empty when the provider has no fixed host
  std::vector<std::string> junk_folders; // spam folder names, in order of preference
  std::vector<std::string> authserv_ids; // see providers.toml for the "*." and "" forms
};

using ProviderPresets = std::map<std::string, ProviderPreset>;

// The built-in presets. Throws Bug if the compiled-in file does not parse.
const ProviderPresets& builtin_provider_presets();

} // namespace inboxprobe
