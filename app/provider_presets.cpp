// The compiled-in provider presets, parsed once.
#include "provider_presets.hpp"

#include "config_reader.hpp"

#include <core/error.hpp>

namespace inboxprobe {

extern const std::string_view k_provider_presets_toml;

namespace {

ProviderPresets
parse_presets()
{
  ProviderPresets presets;
  toml::table root;
  try {
    root = toml::parse(k_provider_presets_toml, std::string_view("seeds/providers.toml"));
  } catch (const toml::parse_error& e) {
    throw Bug(std::string("built-in provider presets do not parse: ") + e.what());
  }
  const toml::table* providers = root["provider"].as_table();
  if (!providers) {
    throw Bug("built-in provider presets have no [provider.*] tables");
  }
  for (const auto& [key, node] : *providers) {
    TableReader reader(*node.as_table(),
                       "seeds/providers.toml",
                       "provider." + std::string(key),
                       {"description", "imap_url", "junk_folders", "authserv_ids"});
    ProviderPreset preset;
    preset.name = std::string(key.str());
    preset.description = reader.string("description").value_or("");
    preset.imap_url = reader.string("imap_url").value_or("");
    preset.junk_folders = reader.string_array("junk_folders");
    preset.authserv_ids = reader.string_array("authserv_ids");
    presets.emplace(preset.name, std::move(preset));
  }
  return presets;
}

} // namespace

const ProviderPresets&
builtin_provider_presets()
{
  static const ProviderPresets presets = parse_presets();
  return presets;
}

} // namespace inboxprobe
