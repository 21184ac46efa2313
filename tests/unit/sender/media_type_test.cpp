#include "media_type.hpp"

#include <catch2/catch.hpp>

using namespace inboxprobe;

TEST_CASE("a file's media type comes from its extension", "[sender][unit]")
{
  struct Case
  {
    const char* file;
    const char* type;
  };
  const Case cases[] = {{"logo.png", "image/png"},
                        {"Photo.JPG", "image/jpeg"},
                        {"report.pdf", "application/pdf"},
                        {"invite.ics", "text/calendar"},
                        {"archive.tar.gz", "application/octet-stream"},
                        {"README", "application/octet-stream"}};
  for (const Case& c : cases) {
    CAPTURE(c.file);
    CHECK(guess_media_type(c.file) == c.type);
  }
}

TEST_CASE("file names are quoted when plain and RFC 2231-encoded otherwise", "[sender][unit]")
{
  CHECK(file_name_parameter("filename", "report 2026.pdf") == "filename=\"report 2026.pdf\"");
  CHECK(file_name_parameter("name", "r\xC3\xA9sum\xC3\xA9.pdf")
        == "name*=utf-8''r%C3%A9sum%C3%A9.pdf");
  CHECK(file_name_parameter("filename", "say \"hi\".txt") == "filename*=utf-8''say%20%22hi%22.txt");
}
