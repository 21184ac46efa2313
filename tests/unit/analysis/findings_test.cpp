#include "../../support/corpus.hpp"

#include <analysis/findings.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <set>
#include <string>

using namespace inboxprobe;

TEST_CASE("The findings catalogue is sorted, unique and complete per row", "[analysis][unit]")
{
  const auto catalogue = finding_catalogue();
  REQUIRE(catalogue.size() > 30);
  for (std::size_t i = 0; i < catalogue.size(); ++i) {
    CAPTURE(catalogue[i].code);
    CHECK_FALSE(catalogue[i].advice.empty());
    CHECK(catalogue[i].code.find('.') != std::string_view::npos);
    if (i > 0) {
      CHECK(catalogue[i - 1].code < catalogue[i].code);
    }
    CHECK(find_finding_spec(catalogue[i].code) == &catalogue[i]);
  }
  CHECK(find_finding_spec("dkim.no_such_code") == nullptr);
}

TEST_CASE("Every catalogued finding code is documented in docs/findings.md", "[analysis][unit]")
{
  const std::string docs = test::read_file(test::source_path("docs/findings.md"));
  for (const FindingSpec& spec : finding_catalogue()) {
    CAPTURE(spec.code);
    CHECK(docs.find("| `" + std::string(spec.code) + "` | " + std::string(to_string(spec.severity))
                    + " |")
          != std::string::npos);
  }
}

TEST_CASE("Every finding code the analysis sources emit is catalogued", "[analysis][unit]")
{
  // add_finding(result, "code", ...) across line breaks; codes passed as
  // variables are caught at run time (add_finding throws Bug for them).
  const std::regex call(R"(add_finding\(\s*\w+,\s*"([a-z0-9_.]+)\")");
  std::set<std::string> emitted;
  for (const auto& entry : std::filesystem::directory_iterator(test::source_path("analysis"))) {
    if (entry.path().extension() != ".cpp") {
      continue;
    }
    const std::string source = test::read_file(entry.path());
    for (std::sregex_iterator it(source.begin(), source.end(), call), end; it != end; ++it) {
      emitted.insert((*it)[1].str());
    }
  }
  REQUIRE(emitted.size() >= 10);
  for (const std::string& code : emitted) {
    CAPTURE(code);
    CHECK(find_finding_spec(code) != nullptr);
  }
}
