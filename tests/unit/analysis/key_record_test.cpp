#include "../../support/corpus.hpp"

#include <analysis/dkim_key_record.hpp>
#include <core/base64.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace inboxprobe;

namespace {

std::string
record(const std::string& file)
{
  std::string text = test::read_file(test::corpus_path(file));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
    text.pop_back();
  }
  return text;
}

} // namespace

TEST_CASE("Base64 decodes with folding whitespace and refuses broken input", "[analysis][unit]")
{
  struct Case
  {
    const char* text;
    std::optional<std::string> bytes;
  };
  const std::vector<Case> cases = {
    {"aGVsbG8=", "hello"},
    {"aGVs\r\n bG8=", "hello"},
    {"", ""},
    {"aGVsbG8", std::nullopt},  // not a multiple of 4
    {"aGV=bG8=", std::nullopt}, // padding in the middle
    {"aGVs*G8=", std::nullopt}, // not in the alphabet
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(decode_base64_strict(c.text) == c.bytes);
  }
  CHECK(encode_base64("hello") == "aGVsbG8=");
  CHECK(encode_base64(std::string("\0\xff", 2)) == "AP8=");
}

TEST_CASE("A bare PKCS#1 key record becomes the SPKI record of the same key", "[analysis][unit]")
{
  // dkimpy ships the same 1024- and 2048-bit keys in both forms.
  for (const char* bits : {"1024", "2048"}) {
    CAPTURE(bits);
    const std::string pkcs1 =
      record(std::string("dkim-dkimpy/") + bits + "_testkey_wo_markers.pub.rsa.txt");
    const std::string spki =
      record(std::string("dkim-dkimpy/") + bits + "_testkey_wo_markers.pub.txt");
    CHECK(pkcs1 != spki);
    CHECK(with_spki_rsa_key(pkcs1) == spki);
    CHECK(with_spki_rsa_key(spki) == spki);
  }
  const std::string ed25519 = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
  CHECK(with_spki_rsa_key(ed25519) == ed25519);
  CHECK(with_spki_rsa_key("v=DKIM1; p=") == "v=DKIM1; p=");
  CHECK(with_spki_rsa_key("v=DKIM1; p=!!!") == "v=DKIM1; p=!!!");
}
