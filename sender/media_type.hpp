// Media types (RFC 2046) for the files a probe carries, and the file name
// parameter of Content-Type / Content-Disposition (RFC 2183 §2.3, RFC 2231 §4
// for names that are not plain ASCII).
#pragma once

#include <string>
#include <string_view>

namespace inboxprobe {

// The media type for `filename` from its extension, case-insensitively
// ("logo.PNG" -> "image/png"); "application/octet-stream" when unknown.
std::string guess_media_type(std::string_view filename);

// `name="report.pdf"` for a printable ASCII name without quotes or backslashes;
// otherwise the RFC 2231 form `name*=utf-8''r%C3%A9sum%C3%A9.pdf`. `parameter`
// is "name" or "filename".
std::string file_name_parameter(std::string_view parameter, std::string_view filename);

} // namespace inboxprobe
