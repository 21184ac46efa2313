#include "report_fixture.hpp"

#include <reports/csv_report.hpp>

#include <catch2/catch.hpp>

using namespace inboxprobe;
using inboxprobe::test::ReportFixture;

TEST_CASE("CSV fields are quoted per RFC 4180 and guarded against formulas", "[reports][unit]")
{
  struct Case
  {
    std::string input;
    std::string expected;
  };
  const std::vector<Case> cases = {
    {"plain", "plain"},
    {"", ""},
    {"a,b", "\"a,b\""},
    {"say \"hi\"", "\"say \"\"hi\"\"\""},
    {"two\nlines", "\"two\nlines\""},
    {"cr\r\nlf", "\"cr\xEF\xBF\xBD\nlf\""}, // controls but TAB and LF become U+FFFD
    {"=HYPERLINK(\"http://evil.example\")", "\"'=HYPERLINK(\"\"http://evil.example\"\")\""},
    {"+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"},
    {"-2+3", "'-2+3"},
    {"@SUM(A1:A2)", "'@SUM(A1:A2)"},
    {"\tindent", "'\tindent"},
    {"a=b", "a=b"},
    {"bad \xFF byte", "bad \xEF\xBF\xBD byte"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.input);
    CHECK(csv_field(c.input) == c.expected);
  }
}

TEST_CASE("the probes CSV has a header and one CRLF line per probe", "[reports][unit]")
{
  ReportFixture fixture;
  fixture.input.submissions[0].reply.text = "=cmd|' /C calc'!A0, \"quoted\"";
  const RunReport report = build_run_report(fixture.input, test::k_generated_at_ms);
  const std::string csv = render_probes_csv(report);
  CHECK(csv.rfind("run_id,probe_id,route,seed,provider,content,placement,folder,analysed,"
                  "submit_outcome,reply_code,enhanced_code,reply_text,accepted_at,latency_ms,"
                  "latency_resolution_ms,detection_lag_ms,spf,dkim,dmarc,spam_score,is_spam,hops,"
                  "tls_all_hops,finding_codes\r\n",
                  0)
        == 0);
  std::size_t lines = 0;
  for (std::size_t p = 0; (p = csv.find("\r\n", p)) != std::string::npos; p += 2) {
    ++lines;
  }
  CHECK(lines == 10); // header + 9 probes
  // Probe 9 (listed first in the input) holds the hostile reply text.
  CHECK(csv.find(",\"'=cmd|' /C calc'!A0, \"\"quoted\"\"\",") != std::string::npos);
  // Probe 2: spam, latency 0, two findings.
  CHECK(csv.find("20251129T081500Z-3kq7,2,relay-a,bob@outlook.example,outlook,plain,spam,,yes,"
                 "accepted,250,2.0.0,queued as Q2,2025-11-29T08:15:02Z,0,1000,,pass,fail,fail,,,,,"
                 "dkim.fail spf.softfail\r\n")
        != std::string::npos);
}
