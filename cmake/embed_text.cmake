# cmake -DINPUT=file -DOUTPUT=file.cpp -P embed_text.cmake
# Writes a C++ source defining inboxprobe::k_provider_presets_toml with the file's text.
file(READ "${INPUT}" _text)
string(FIND "${_text}" ")presets\"" _clash)
if(NOT _clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter")
endif()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from seeds/providers.toml by cmake/embed_text.cmake. Do not edit.\n"
  "#include <string_view>\n"
  "namespace inboxprobe {\n"
  "extern const std::string_view k_provider_presets_toml;\n"
  "const std::string_view k_provider_presets_toml = R\"presets(${_text})presets\";\n"
  "} // namespace inboxprobe\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
