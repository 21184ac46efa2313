#include "report_fixture.hpp"

#include <reports/html_report.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <vector>

using namespace inboxprobe;
using inboxprobe::test::ReportFixture;

namespace {

// Every mail- and config-derived field of the fixture gets this: script,
// attribute breakout, style breakout, javascript: URL, network references,
// a bidi override, invalid UTF-8, NUL and a terminal escape.
const std::string k_hostile = std::string(
                                "<script>alert(1)</script>\"><img src=x onerror=alert(1)>"
                                "</style><a href=\"javascript:alert(1)\">j</a>"
                                "<img src=\"https://evil.example/p.png\">"
                                "@import url(http://evil.example/c.css);\u202Egpj.exe\xFF\x1B[0m")
                              + std::string(1, '\0');

std::string
lower(std::string text)
{
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return text;
}

void
poison_result(ProbeResult& result)
{
  result.folder = k_hostile;
  AuthResultsField field;
  field.authserv_id = k_hostile;
  field.version = k_hostile;
  field.trusted = true;
  field.results = {{k_hostile, k_hostile, k_hostile, k_hostile, {{k_hostile, k_hostile}}}};
  field.raw = k_hostile;
  result.auth_results.push_back(field);
  result.own_dkim.push_back(
    {k_hostile, k_hostile, k_hostile, k_hostile, 12, k_hostile, AuthVerdict::fail, k_hostile});
  result.spam_verdict = SpamVerdict{k_hostile, true, 9.5, 5.0, k_hostile, {k_hostile, k_hostile}};
  result.findings.push_back({k_hostile, Severity::error, k_hostile, k_hostile});
}

// The fixture with every string a mail, a server or the config can set
// replaced by k_hostile.
RunReport
hostile_report()
{
  ReportFixture fixture;
  RunReportInput& in = fixture.input;
  in.run.id = in.run.campaign = in.run.state = k_hostile;
  for (std::string& route : in.run.routes) {
    route = k_hostile + route;
  }
  for (RunSeed& seed : in.run.seeds) {
    seed.address = k_hostile + seed.address;
    seed.provider = k_hostile;
  }
  for (Probe& probe : in.probes) {
    probe.route = k_hostile + probe.route;
    probe.seed = k_hostile + probe.seed;
    probe.content = probe.token = probe.run_id = k_hostile;
  }
  for (Submission& s : in.submissions) {
    s.reply.enhanced_code = s.reply.text = s.error = k_hostile;
    s.queue_id = s.message_id = s.tls_version = k_hostile;
  }
  for (Sighting& s : in.sightings) {
    s.folder = s.matched_by = k_hostile;
  }
  for (ProbeResult& result : in.results) {
    poison_result(result);
  }
  return build_run_report(in, test::k_generated_at_ms);
}

struct Attribute
{
  std::string name; // lowercase
  std::string value;
  bool quoted = false;
};

struct Tag
{
  std::string name; // lowercase, "/td" for an end tag
  std::vector<Attribute> attributes;
};

// The attributes of a start tag's `body` (the text after the tag name).
std::vector<Attribute>
parse_attributes(const std::string& body)
{
  std::vector<Attribute> attributes;
  std::size_t pos = 0;
  while (true) {
    pos = body.find_first_not_of(" \t\n/", pos);
    if (pos == std::string::npos) {
      return attributes;
    }
    Attribute attribute;
    const std::size_t name_end = body.find_first_of(" \t\n=", pos);
    attribute.name = lower(body.substr(pos, name_end - pos));
    pos = name_end;
    if (pos != std::string::npos && body[pos] == '=') {
      attribute.quoted = pos + 1 < body.size() && body[pos + 1] == '"';
      const std::size_t value_start = pos + (attribute.quoted ? 2 : 1);
      pos = body.find(attribute.quoted ? '"' : ' ', value_start);
      attribute.value = body.substr(value_start, pos - value_start);
      if (pos != std::string::npos) {
        ++pos;
      }
    }
    attributes.push_back(attribute);
  }
}

// The tags of `html`, skipping the content of <style> elements (appended to
// `style`). Every text the renderer writes is escaped, so each "<" starts
// real markup and each ">" ends it.
std::vector<Tag>
scan_tags(const std::string& html, std::string& style)
{
  std::vector<Tag> tags;
  std::size_t pos = 0;
  while ((pos = html.find('<', pos)) != std::string::npos) {
    const std::size_t end = html.find('>', pos);
    REQUIRE(end != std::string::npos);
    const std::string body = html.substr(pos + 1, end - pos - 1);
    const std::size_t name_end = body.find_first_of(" \t\n", 1);
    Tag tag;
    tag.name = lower(body.substr(0, name_end));
    if (name_end != std::string::npos && tag.name != "!doctype") {
      tag.attributes = parse_attributes(body.substr(name_end));
    }
    tags.push_back(tag);
    pos = end + 1;
    if (tag.name == "style") {
      const std::size_t close = html.find("</style>", pos);
      REQUIRE(close != std::string::npos);
      style += html.substr(pos, close - pos);
      pos = close;
    }
  }
  return tags;
}

bool
is_valid_utf8(const std::string& text)
{
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t extra = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
      extra = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      extra = 2;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      extra = 3;
    } else if (lead >= 0x80) {
      return false;
    }
    if (text.size() - i <= extra) {
      return false;
    }
    for (std::size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
        return false;
      }
    }
    i += extra + 1;
  }
  return true;
}

const std::set<std::string> k_allowed_tags = {
  "!doctype", "html",  "head",   "meta",     "title",   "style",   "body",  "header",
  "h1",       "h2",    "h3",     "nav",      "a",       "section", "table", "caption",
  "thead",    "tbody", "tr",     "th",       "td",      "span",    "br",    "p",
  "ul",       "li",    "pre",    "details",  "summary", "div",     "svg",   "line",
  "rect",     "text",  "footer", "polyline", "circle",  "ol",      "h4"};

// No event handler, no style attribute, no src, no xlink:href: an injected
// attribute shows up here as an unexpected name.
const std::set<std::string> k_allowed_attributes = {
  "lang", "charset", "http-equiv",  "content", "name",       "class", "id",     "href",     "scope",
  "role", "width",   "height",      "viewbox", "aria-label", "x",     "y",      "x1",       "y1",
  "x2",   "y2",      "text-anchor", "cx",      "cy",         "r",     "points", "transform"};

} // namespace

TEST_CASE("hostile mail data never becomes markup in the HTML report", "[reports][unit]")
{
  const std::string html = render_html(hostile_report());
  const std::string folded = lower(html);

  CHECK(folded.find("<script") == std::string::npos);
  CHECK(folded.find("<img") == std::string::npos);
  CHECK(folded.find("</style><") == std::string::npos);
  CHECK(is_valid_utf8(html));
  CHECK(html.find('\0') == std::string::npos);
  CHECK(html.find('\x1B') == std::string::npos);
  CHECK(html.find("\u202E") == std::string::npos);

  std::string style;
  const std::vector<Tag> tags = scan_tags(html, style);
  int style_elements = 0;
  for (const Tag& tag : tags) {
    CAPTURE(tag.name);
    const std::string name = tag.name[0] == '/' ? tag.name.substr(1) : tag.name;
    CHECK(k_allowed_tags.count(name) == 1);
    for (const Attribute& attribute : tag.attributes) {
      CAPTURE(attribute.name, attribute.value);
      CHECK(k_allowed_attributes.count(attribute.name) == 1);
      CHECK(attribute.name.rfind("on", 0) == std::string::npos);
      CHECK(attribute.quoted);
      CHECK(attribute.value.find('<') == std::string::npos);
      if (attribute.name == "href") {
        CHECK(attribute.value.rfind("#", 0) == 0); // fragment links only
      }
      if (attribute.name != "aria-label") {
        // aria-label carries escaped route names, inert text.
        CHECK(lower(attribute.value).find("javascript:") == std::string::npos);
        CHECK(lower(attribute.value).find("http") == std::string::npos);
      }
    }
    style_elements += tag.name == "style" ? 1 : 0;
  }
  CHECK(style_elements == 1);
  CHECK(lower(style).find("@import") == std::string::npos);
  CHECK(lower(style).find("url(") == std::string::npos);
  CHECK(style.find('<') == std::string::npos);
}

TEST_CASE(
  "the HTML report forbids loading anything and shows hostile text "
  "escaped",
  "[reports][unit]")
{
  const std::string html = render_html(hostile_report());
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<meta http-equiv=\"Content-Security-Policy\" "
                  "content=\"default-src 'none'; style-src 'unsafe-inline'; "
                  "img-src data:; base-uri 'none'; form-action 'none'\">")
        != std::string::npos);
  CHECK(html.find("<meta charset=\"utf-8\">") != std::string::npos);

  const std::string escaped =
    "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x "
    "onerror=alert(1)&gt;&lt;/style&gt;&lt;a "
    "href=&quot;javascript:alert(1)&quot;&gt;j&lt;/a&gt;&lt;img "
    "src=&quot;https://evil.example/p.png&quot;&gt;@import "
    "url(http://evil.example/c.css);&lt;U+202E&gt;gpj.exe\xEF\xBF\xBD"
    "\xEF\xBF\xBD[0m\xEF\xBF\xBD";
  // The escaped form appears in text: headline, matrix, SMTP reply, A-R...
  CHECK(html.find("<title>inboxprobe run " + escaped + "</title>") != std::string::npos);
  CHECK(html.find("<td>" + escaped + "</td>") != std::string::npos);
  CHECK(html.find("<pre class=\"wire\">" + escaped + "</pre>") != std::string::npos);
  CHECK(html.find("<li>" + escaped + "</li>") != std::string::npos);
  // ... and in the SVG chart's accessible name, attribute-escaped.
  CHECK(html.find("aria-label=\"Latency distribution, route " + escaped + "relay-a, 4 probes\"")
        != std::string::npos);
}

TEST_CASE("the HTML report shows the matrix, rates, latencies and every probe", "[reports][unit]")
{
  const RunReport report = build_run_report(ReportFixture().input, test::k_generated_at_ms);
  const std::string html = render_html(report);

  // Matrix cells: the placements as text and the inbox rate, with a class
  // for colour and border.
  const auto cell = [](std::string_view css, std::string_view counts, std::string_view inbox) {
    return "<td class=\"" + std::string(css) + "\">" + std::string(counts)
           + "<br><span class=\"note\">" + std::string(inbox) + " inbox</span></td>";
  };
  CHECK(html.find(cell("cell-good", "inbox 2", "100.0 %")) != std::string::npos);
  CHECK(html.find(cell("cell-bad", "spam 1 / missing 1", "0.0 %")) != std::string::npos);
  CHECK(html.find(cell("cell-bad", "rejected 1", "0.0 %")) != std::string::npos);
  CHECK(html.find(cell("cell-warn", "spam 1 / pending 1", "0.0 %")) != std::string::npos);
  // Provider matrix: one provider per seed in the fixture, the same cells.
  CHECK(html.find("<caption>Route x mailbox provider</caption>") != std::string::npos);
  CHECK(html.find("<th scope=\"col\">gmail</th>") != std::string::npos);
  // Headline.
  CHECK(html.find("<th scope=\"row\">Started</th><td>2025-11-29 08:15:00 "
                  "UTC</td>")
        != std::string::npos);
  CHECK(html.find("<td>3</td><td>33.3 %</td><td>-</td><td>-</td>") != std::string::npos);
  CHECK(html.find("inbox 33.3 % \u00b7 spam 22.2 % \u00b7 missing 11.1 % \u00b7 rejected 11.1 %")
        != std::string::npos);
  // Route a: inbox 3 of 5, p50 800 ms, p95 and max 61 s, DKIM 2 of 3.
  CHECK(html.find("<th scope=\"row\">relay-a</th><td>5</td><td>3 (60.0 "
                  "%)</td>")
        != std::string::npos);
  CHECK(html.find("<td>&lt; 1 s</td><td>1 min 1 s</td><td>1 min 1 s</td>"
                  "<td>2 / 3 (66.7 %)</td><td>3 / 3 (100.0 %)</td><td>2 / 3 (66.7 %)</td>"
                  "<td>-</td><td>3</td>")
        != std::string::npos);
  // Per-probe latency: 2300 ms reads "2 s", the detection lag 45 s.
  CHECK(html.find("<th scope=\"row\">Latency</th><td>2 s</td>") != std::string::npos);
  CHECK(html.find("<th scope=\"row\">Detection lag</th><td>45 s</td>") != std::string::npos);
  CHECK(html.find("<th scope=\"row\">Latency resolution</th><td>1 s</td>") != std::string::npos);
  CHECK(html.find("<th scope=\"row\">Times seen</th><td>2</td>") != std::string::npos);
  // Findings grouped, with advice and links to the probes; error ones are alerts.
  CHECK(html.find("<td>dkim.fail</td><td>1</td><td>DKIM failed</td>") != std::string::npos);
  CHECK(html.find("<a href=\"#probe-2\">2</a>") != std::string::npos);
  CHECK(html.find("probe.missing on 1 probe: missing</li>") != std::string::npos);
  // One chart per route, one collapsed details element per probe.
  std::size_t charts = 0;
  for (std::size_t p = 0; (p = html.find("<svg ", p)) != std::string::npos; ++p) {
    ++charts;
  }
  CHECK(charts == 4); // a latency histogram per route, two trend charts
  for (int id = 1; id <= 9; ++id) {
    CAPTURE(id);
    CHECK(html.find("<details id=\"probe-" + std::to_string(id) + "\">") != std::string::npos);
  }
  CHECK(html.find("(not analysed yet)") != std::string::npos);
  CHECK(html.find("relay denied") != std::string::npos);
  CHECK(html.find("C: MAIL FROM") == std::string::npos); // no transcript
  CHECK(html.find("@media print") != std::string::npos);
}

TEST_CASE("probe details show the SMTP phase timings, TLS, a bounce and the Gmail tab",
          "[reports][unit]")
{
  ReportFixture fixture;
  RunReportInput& input = fixture.input;
  REQUIRE_FALSE(input.submissions.empty());
  Submission& s = input.submissions.front();
  s.dns_ms = 3;
  s.greeting_ms = 12;
  s.end_of_data_ms = 40;
  s.tls_version = "TLSv1.3";
  s.tls_cipher = "TLS_AES_256_GCM_SHA384";
  s.attempts = 2;
  REQUIRE_FALSE(input.results.empty());
  ProbeResult& r = input.results.front();
  r.placement = Placement::bounced;
  r.bounce = BounceReport{
    "failed", "5.7.1", "554 5.7.1 <script>rejected</script>", "mx.example", "relay.example", 0};
  REQUIRE_FALSE(input.sightings.empty());
  for (Sighting& sighting : input.sightings) {
    sighting.gmail_tab = "promotions";
  }

  const std::string html = render_html(build_run_report(input, test::k_generated_at_ms));
  CHECK(html.find("<th scope=\"row\">SMTP timings</th><td>DNS 3 ms") != std::string::npos);
  CHECK(html.find("greeting 12 ms") != std::string::npos);
  CHECK(html.find("end of data 40 ms") != std::string::npos);
  CHECK(html.find("2 attempts") != std::string::npos);
  CHECK(html.find("<td>TLSv1.3 TLS_AES_256_GCM_SHA384</td>") != std::string::npos);
  CHECK(html.find("<th scope=\"row\">Bounce (DSN)</th><td>failed 5.7.1 \u00b7 by mx.example "
                  "\u00b7 reported by relay.example</td>")
        != std::string::npos);
  CHECK(html.find("&lt;script&gt;rejected&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("<script>rejected") == std::string::npos);
  CHECK(html.find("Gmail tab promotions") != std::string::npos);
}

TEST_CASE("a finding's fix advice is the catalogue's, with its RFC section", "[reports][unit]")
{
  CHECK(finding_advice({"dmarc.fail", Severity::error, "", ""})
        == "Neither an aligned DKIM signature nor an aligned SPF pass: the From domain's DMARC "
           "policy applies. Sign with the From domain (d=) or send from an aligned MAIL FROM "
           "domain. (RFC 7489 §6.6.2)");
  // Codes of other stages keep the report's own advice; unknown ones point at the evidence.
  CHECK(finding_advice({"imap.seed_unreachable", Severity::error, "", ""})
        == "Check the seed's IMAP URL, credentials and TLS settings; its probes are unknown, not "
           "missing.");
  CHECK(finding_advice({"no.such_code", Severity::info, "", ""})
        == "See the evidence in the affected probes' details.");
}
