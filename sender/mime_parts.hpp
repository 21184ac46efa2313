// The body of a composed probe as a MIME tree built with mimetic (RFC 2045,
// RFC 2046): text/plain, or multipart/alternative with text/html, with
// multipart/related for inline images (RFC 2387) and multipart/mixed for
// attachments. Internal to the sender.
#pragma once

#include "compose.hpp"

#include <core/model.hpp>

#include <mimetic/mimetic.h>

#include <string>

namespace inboxprobe {

// Fill `entity` with the body of `content` for `probe`: its Content-Type (and
// Content-Transfer-Encoding for a single part) header fields and its body or
// parts. The token goes into every text/plain and text/html part as a
// "Reference: TOKEN" line. Multipart boundaries come from `boundary`, outermost
// first. Text parts are quoted-printable UTF-8, files base64.
void fill_probe_body(mimetic::MimeEntity& entity,
                     const Probe& probe,
                     const Content& content,
                     const BoundarySource& boundary);

// The text body with the reference line: `text`, a blank line, "Reference: TOKEN".
std::string text_with_reference(std::string text, const std::string& token);

// `html` with "<p>Reference: TOKEN</p>" on a line of its own before its </body> tag (matched
// case-insensitively), or at its end when it has none.
std::string html_with_reference(std::string html, const std::string& token);

} // namespace inboxprobe
