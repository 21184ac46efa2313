// [[content]] tables: a probe message's subject and bodies (inline or from
// files), attachments, inline images, List-Unsubscribe (RFC 2369, RFC 8058),
// extra header fields, or a user's own message (eml_file).
#include "config_parts.hpp"

#include <core/message_headers.hpp>
#include <sender/compose.hpp>

#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace inboxprobe {

const std::vector<std::string> k_content_keys = {"name",
                                                 "subject",
                                                 "text",
                                                 "text_file",
                                                 "html",
                                                 "html_file",
                                                 "attachments",
                                                 "inline_images",
                                                 "list_unsubscribe",
                                                 "list_unsubscribe_post",
                                                 "headers",
                                                 "eml_file"};

namespace {

namespace fs = std::filesystem;

// Files a probe carries are read whole; bigger ones are refused rather than
// sent (providers limit messages to 10-35 MB, base64 adds a third).
constexpr std::uintmax_t k_max_file_bytes = 10 * 1024 * 1024;

// Fields inboxprobe writes itself: a second one would make the message invalid
// (RFC 5322 §3.6 allows each once) or hide the probe.
constexpr auto k_reserved_fields = std::to_array<std::string_view>({"Date",
                                                                    "From",
                                                                    "To",
                                                                    "Subject",
                                                                    "Message-ID",
                                                                    "MIME-Version",
                                                                    "Content-Type",
                                                                    "Content-Transfer-Encoding",
                                                                    "X-Inboxprobe-Probe",
                                                                    "List-Unsubscribe",
                                                                    "List-Unsubscribe-Post",
                                                                    "Cc",
                                                                    "Bcc"});

std::string
read_file(TableReader& reader, const std::string& key, const std::string& path)
{
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec) {
    reader.fail_at(key, "cannot read " + path + ": " + ec.message());
  }
  if (size > k_max_file_bytes) {
    reader.fail_at(key, path + " is larger than 10 MiB");
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) {
    reader.fail_at(key, "cannot read " + path);
  }
  return bytes.str();
}

// `key` given inline, or `key`_file read from a file; nullopt when neither.
std::optional<std::string>
text_or_file(TableReader& reader, const std::string& key, const std::string& base_dir)
{
  const auto inline_text = reader.text(key);
  const auto file = reader.string(key + "_file");
  if (inline_text && file) {
    reader.fail_at(key + "_file", "give either " + key + " or " + key + "_file, not both");
  }
  if (file) {
    return read_file(reader, key + "_file", resolve_path(base_dir, *file));
  }
  return inline_text;
}

std::vector<ContentFile>
read_files(TableReader& reader, const std::string& key, const std::string& base_dir)
{
  std::vector<ContentFile> files;
  for (const std::string& path : reader.string_array(key)) {
    ContentFile file;
    file.filename = fs::path(path).filename().string();
    if (file.filename.empty() || file.filename.size() > 200) {
      reader.fail_at(key, "\"" + path + "\" needs a file name of 1 to 200 bytes");
    }
    file.bytes = read_file(reader, key, resolve_path(base_dir, path));
    files.push_back(std::move(file));
  }
  return files;
}

void
read_unsubscribe(TableReader& reader, Content& c)
{
  c.list_unsubscribe = reader.string("list_unsubscribe").value_or("");
  c.list_unsubscribe_post = reader.boolean("list_unsubscribe_post").value_or(false);
  if (!c.list_unsubscribe.empty()
      && (c.list_unsubscribe.front() != '<' || c.list_unsubscribe.back() != '>'
          || c.list_unsubscribe.find_first_of("\r\n") != std::string::npos)) {
    reader.fail_at("list_unsubscribe",
                   "expected angle-bracketed URIs (RFC 2369), e.g. "
                   "\"<https://example.com/u/1>, <mailto:unsubscribe@example.com>\"");
  }
  // RFC 8058 §3.1: one-click needs an HTTPS URI to POST to.
  if (c.list_unsubscribe_post && c.list_unsubscribe.find("<https://") == std::string::npos) {
    reader.fail_at("list_unsubscribe_post",
                   "one-click unsubscribe (RFC 8058) needs an <https://...> URI in "
                   "list_unsubscribe");
  }
}

// eml_file: the user's own message; the composing keys do not apply.
void
read_eml(TableReader& reader, const std::string& base_dir, Content& c)
{
  for (const char* key : {"subject",
                          "text",
                          "text_file",
                          "html",
                          "html_file",
                          "attachments",
                          "inline_images",
                          "list_unsubscribe",
                          "list_unsubscribe_post"}) {
    if (reader.table().contains(key)) {
      reader.fail_at(key, "not used with eml_file (the message is sent as written)");
    }
  }
  const std::string path = resolve_path(base_dir, *reader.string("eml_file"));
  c.eml = read_file(reader, "eml_file", path);
  if (auto checked = check_eml(c.eml); !checked) {
    reader.fail_at("eml_file", path + ": " + checked.error().what);
  }
}

} // namespace

std::vector<std::pair<std::string, std::string>>
read_header_fields(TableReader& reader, const std::string& key)
{
  auto fields = reader.string_table(key);
  for (const auto& [name, value] : fields) {
    for (char ch : name) {
      if (ch <= 32 || ch >= 127 || ch == ':') {
        reader.fail_at(key, "\"" + name + "\" is not a valid header field name");
      }
    }
    for (std::string_view reserved : k_reserved_fields) {
      if (header_name_equals(name, reserved)) {
        reader.fail_at(key, name + " is written by inboxprobe and cannot be set here");
      }
    }
    if (value.find_first_of("\r\n") != std::string::npos) {
      reader.fail_at(key, "the value of " + name + " contains a line break");
    }
    if (value.size() > 900) {
      reader.fail_at(key, "the value of " + name + " is longer than 900 octets");
    }
  }
  return fields;
}

Content
read_content(TableReader& reader, const std::string& base_dir)
{
  Content c;
  c.name = reader.required_string("name");
  c.headers = read_header_fields(reader, "headers");
  if (reader.table().contains("eml_file")) {
    read_eml(reader, base_dir, c);
    return c;
  }
  c.subject = reader.required_string("subject");
  const auto text = text_or_file(reader, "text", base_dir);
  if (!text || text->empty()) {
    reader.fail_at("text", "missing (required): set text, text_file or eml_file");
  }
  c.text = *text;
  c.html = text_or_file(reader, "html", base_dir).value_or("");
  c.attachments = read_files(reader, "attachments", base_dir);
  c.inline_images = read_files(reader, "inline_images", base_dir);
  if (!c.inline_images.empty() && c.html.empty()) {
    reader.fail_at("inline_images", "inline images need an HTML body (html or html_file)");
  }
  read_unsubscribe(reader, c);
  return c;
}

} // namespace inboxprobe
