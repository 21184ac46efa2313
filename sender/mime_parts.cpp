// Building the probe's MIME tree with mimetic. Each function fills one entity;
// a multipart entity owns its parts (mimetic deletes them with the parent).
#include "mime_parts.hpp"

#include "media_type.hpp"
#include "quoted_printable.hpp"

#include <core/base64.hpp>

#include <algorithm>
#include <cctype>
#include <memory>

namespace inboxprobe {

namespace {

void
add_field(mimetic::MimeEntity& entity, const std::string& name, const std::string& value)
{
  entity.header().push_back(mimetic::Field(name, value));
}

// A new, empty part appended to the multipart `parent`.
mimetic::MimeEntity&
add_part(mimetic::MimeEntity& parent)
{
  auto part = std::make_unique<mimetic::MimeEntity>();
  mimetic::MimeEntity& ref = *part;
  parent.body().parts().push_back(part.release());
  return ref;
}

void
make_multipart(mimetic::MimeEntity& entity,
               const std::string& subtype,
               const std::string& boundary,
               const std::string& extra_parameters = {})
{
  // Quoted: our boundaries start with "=_", which can appear neither in
  // quoted-printable nor in base64 content (RFC 2045 §6.7, §6.8), so they
  // never occur inside a part (RFC 2046 §5.1.1).
  add_field(entity,
            "Content-Type",
            "multipart/" + subtype + "; boundary=\"" + boundary + "\"" + extra_parameters);
}

void
fill_text_part(mimetic::MimeEntity& entity, const std::string& subtype, const std::string& text)
{
  add_field(entity, "Content-Type", "text/" + subtype + "; charset=utf-8");
  add_field(entity, "Content-Transfer-Encoding", "quoted-printable");
  entity.body().set(encode_quoted_printable(text));
}

enum class Disposition { attachment, inline_image };

void
fill_file_part(mimetic::MimeEntity& entity, const ContentFile& file, Disposition disposition)
{
  const std::string type =
    file.content_type.empty() ? guess_media_type(file.filename) : file.content_type;
  add_field(entity, "Content-Type", type + "; " + file_name_parameter("name", file.filename));
  add_field(entity, "Content-Transfer-Encoding", "base64");
  add_field(entity,
            "Content-Disposition",
            std::string(disposition == Disposition::attachment ? "attachment" : "inline") + "; "
              + file_name_parameter("filename", file.filename));
  if (disposition == Disposition::inline_image) {
    // The HTML refers to it as "cid:FILENAME" (RFC 2392).
    add_field(entity, "Content-ID", "<" + file.filename + ">");
  }
  entity.body().set(encode_base64_body(file.bytes));
}

// The HTML, wrapped with its inline images in multipart/related when it has any.
void
fill_html(mimetic::MimeEntity& entity,
          const Probe& probe,
          const Content& content,
          const BoundarySource& boundary)
{
  const std::string html = html_with_reference(content.html, probe.token);
  if (content.inline_images.empty()) {
    fill_text_part(entity, "html", html);
    return;
  }
  make_multipart(entity, "related", boundary(), "; type=\"text/html\"");
  fill_text_part(add_part(entity), "html", html);
  for (const ContentFile& image : content.inline_images) {
    fill_file_part(add_part(entity), image, Disposition::inline_image);
  }
}

// The readable body: plain text, or text and HTML as multipart/alternative.
void
fill_readable(mimetic::MimeEntity& entity,
              const Probe& probe,
              const Content& content,
              const BoundarySource& boundary)
{
  const std::string text = text_with_reference(content.text, probe.token);
  if (content.html.empty()) {
    fill_text_part(entity, "plain", text);
    return;
  }
  make_multipart(entity, "alternative", boundary());
  // RFC 2046 §5.1.4: the plainest version first, the preferred one last.
  fill_text_part(add_part(entity), "plain", text);
  fill_html(add_part(entity), probe, content, boundary);
}

} // namespace

std::string
text_with_reference(std::string text, const std::string& token)
{
  if (!text.empty() && text.back() != '\n') {
    text.push_back('\n');
  }
  // The reference line lets the receiver match the probe even if both the
  // header and the Message-ID were rewritten on the way.
  text += "\nReference: " + token + "\n";
  return text;
}

std::string
html_with_reference(std::string html, const std::string& token)
{
  // On a line of its own, so that quoted-printable never breaks the token.
  const std::string paragraph = "\n<p>Reference: " + token + "</p>\n";
  std::string lowered = html;
  std::transform(lowered.begin(), lowered.end(), lowered.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  const std::size_t at = lowered.rfind("</body>");
  if (at == std::string::npos) {
    return html + paragraph;
  }
  return html.insert(at, paragraph);
}

void
fill_probe_body(mimetic::MimeEntity& entity,
                const Probe& probe,
                const Content& content,
                const BoundarySource& boundary)
{
  if (content.attachments.empty()) {
    fill_readable(entity, probe, content, boundary);
    return;
  }
  make_multipart(entity, "mixed", boundary());
  fill_readable(add_part(entity), probe, content, boundary);
  for (const ContentFile& file : content.attachments) {
    fill_file_part(add_part(entity), file, Disposition::attachment);
  }
}

} // namespace inboxprobe
