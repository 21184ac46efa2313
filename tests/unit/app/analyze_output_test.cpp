#include "analyze_output.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace inboxprobe;

TEST_CASE("The analyze HTML page escapes every mail-derived string", "[app][unit]")
{
  const std::string hostile = "<script>alert('x')</script>&\"\x01";
  ProbeResult result;
  result.auth_results.push_back({hostile, "", false, false, {{hostile, "", hostile, "", {}}}, ""});
  result.hops.push_back(
    {hostile, "", hostile, hostile, "", "", std::nullopt, std::nullopt, false, "", ""});
  result.findings.push_back({"dkim.fail", Severity::error, hostile, hostile, hostile, "RFC 6376"});
  const std::string html = render_analysis_html(result, hostile);
  CHECK(html.find("<script>") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;\xEF\xBF\xBD")
        != std::string::npos);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("</html>") != std::string::npos);
  CHECK(html.find("http") == std::string::npos); // self-contained: nothing is fetched
}

TEST_CASE("The analyze text output lists findings with their fix and RFC", "[app][unit]")
{
  ProbeResult result;
  result.findings.push_back(
    {"spf.fail", Severity::error, "not allowed", "ip=192.0.2.1", "add the IP", "RFC 7208 §2.6.4"});
  std::ostringstream out;
  print_analysis_text(result, out);
  CHECK(out.str().find("error spf.fail: not allowed") != std::string::npos);
  CHECK(out.str().find("fix: add the IP (RFC 7208 §2.6.4)") != std::string::npos);
}
