// The HTML reports in a real browser (headless Chromium): they render (a
// screenshot with content), load nothing from the network (every network path
// leads to a counting listener that must see no connection), and a run whose
// probes carry hostile Subject, From and Authentication-Results values runs
// no script and shows the text literally. Each check has a positive control
// that proves the harness would notice: a page that does fetch, a page whose
// script does run, a blank page whose screenshot is blank.
//
// Headless Chromium calls a few Google services by itself for any page
// (component updater, network time, sign-in preconnect; browser.hpp
// is_browser_background) whatever the flags: those requests reach the
// listener too and are listed, but only the other ones count against a page.
#include "browser.hpp"
#include "tests/unit/reports/report_fixture.hpp"

#include <reports/html_report.hpp>
#include <reports/trend_report.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

using namespace inboxprobe;
using inboxprobe::test::ReportFixture;

namespace {

std::string
write_file(const std::filesystem::path& path, const std::string& text)
{
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

std::string
slurp(const std::filesystem::path& path)
{
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Payloads that, if the report let them through as markup, would change the
// title ("PW" + "NED" is joined only by a running script, so the literal text
// never matches) or request http://127.0.0.1:PORT/ through every channel a
// page has.
std::vector<std::string>
hostile_values(int port)
{
  const std::string url = "http://127.0.0.1:" + std::to_string(port);
  return {
    "<script>document.title='PW'+'NED';fetch('" + url + "/fetch')</script>",
    "\"><img src=x onerror=\"document.title='PW'+'NED';new Image().src='" + url + "/onerror'\">",
    "</style><style>body{background:url(" + url + "/css)}</style><link rel=stylesheet href=" + url
      + "/link>",
    "<a href=\"javascript:document.title='PW'+'NED'\">click</a><iframe src=" + url
      + "/frame></iframe>",
    "<svg><image href=\"" + url + "/svg\"/></svg><meta http-equiv=refresh content=\"0;url=" + url
      + "/refresh\"><base href=\"" + url + "/\">",
    "\u202Egnp.exe <object data=" + url + "/object></object><video poster=" + url + "/poster>",
  };
}

// The fixture run with every probe's received copy carrying the hostile
// values as Subject, From and Authentication-Results, and the results'
// Authentication-Results fields and folder holding them too.
RunReport
hostile_report(int port)
{
  ReportFixture fixture;
  RunReportInput& in = fixture.input;
  const std::vector<std::string> values = hostile_values(port);
  // Every received copy carries every payload, as Subject, From and A-R.
  std::string headers;
  for (const std::string& v : values) {
    headers += "Subject: " + v + "\r\nFrom: " + v + "\r\nAuthentication-Results: " + v + "\r\n";
  }
  for (std::size_t i = 0; i < in.sightings.size(); ++i) {
    in.sightings[i].message_bytes = headers + "\r\nbody\r\n";
    in.sightings[i].folder = values[i % values.size()];
  }
  for (std::size_t i = 0; i < in.results.size(); ++i) {
    const std::string& v = values[i % values.size()];
    AuthResultsField field;
    field.authserv_id = v;
    field.raw = v;
    field.results = {{"dkim", "", v, v, {{"header.d", v}}}};
    in.results[i].auth_results.push_back(field);
    in.results[i].folder = v;
    in.results[i].findings.push_back({"x.hostile", Severity::error, v, v});
  }
  for (Submission& s : in.submissions) {
    s.reply.text = values[static_cast<std::size_t>(s.probe_id) % values.size()];
  }
  return build_run_report(in, test::k_generated_at_ms);
}

// A normal run with a few earlier nights, so every section and chart exists.
RunReport
normal_report()
{
  ReportFixture fixture;
  for (int night = 1; night <= 5; ++night) {
    TrendPoint point;
    point.run_id = "night-" + std::to_string(night);
    point.started_at_ms = test::k_started_at_ms - (6 - night) * 86'400'000LL;
    point.overall.add(Placement::inbox, 6 + night);
    point.overall.add(Placement::spam, 3);
    for (const char* route : {"relay-a", "relay-b"}) {
      RouteTrendPoint r{route, {}, 4, 1000, 1000 * night};
      r.counts.add(Placement::inbox, 3 + night % 2);
      r.counts.add(Placement::spam, 1);
      point.routes.push_back(r);
    }
    fixture.input.history.push_back(point);
  }
  return build_run_report(fixture.input, test::k_generated_at_ms);
}

struct Screen
{
  double non_white = 0; // share of pixels that are not white
  std::size_t colours = 0;
};

Screen
measure(const test::Image& image)
{
  Screen screen;
  std::set<std::uint32_t> colours;
  std::size_t non_white = 0;
  for (const std::uint32_t pixel : image.pixels) {
    non_white += pixel != 0xFFFFFF ? 1 : 0;
    colours.insert(pixel);
  }
  screen.non_white = static_cast<double>(non_white) / image.pixels.size();
  screen.colours = colours.size();
  return screen;
}

std::size_t
count(const std::string& text, const std::string& needle)
{
  std::size_t n = 0;
  for (std::size_t p = 0; (p = text.find(needle, p)) != std::string::npos; p += needle.size()) {
    ++n;
  }
  return n;
}

} // namespace

TEST_CASE("the run report renders in Chromium as a non-blank page", "[reports][browser]")
{
  test::TempDir dir;
  test::CountingListener listener;
  const std::string report = write_file(dir.path() / "report.html", render_html(normal_report()));
  const std::string blank =
    write_file(dir.path() / "blank.html", "<!DOCTYPE html><html><body></body></html>");
  const std::string shot = (dir.path() / "report.png").string();
  const std::string blank_shot = (dir.path() / "blank.png").string();

  const auto rendered = test::run_chromium(report,
                                           "--screenshot=" + shot + " --window-size=1280,2400",
                                           listener,
                                           (dir.path() / "profile1").string());
  CHECK(rendered.exit_code == 0);
  const test::Image image = test::decode_png(slurp(shot));
  CHECK(image.width == 1280);
  CHECK(image.height == 2400);
  const Screen screen = measure(image);
  CAPTURE(screen.non_white, screen.colours);
  CHECK(screen.non_white > 0.03);
  CHECK(screen.colours > 50); // text, cell colours, badges, chart strokes

  // Control: the reader sees a blank page as blank.
  REQUIRE(test::run_chromium(blank,
                             "--screenshot=" + blank_shot + " --window-size=640,480",
                             listener,
                             (dir.path() / "profile2").string())
            .exit_code
          == 0);
  const Screen empty = measure(test::decode_png(slurp(blank_shot)));
  CHECK(empty.non_white == 0.0);
  CHECK(empty.colours == 1);
  CAPTURE(listener.requests());
  CHECK(listener.page_connections() == 0);
}

TEST_CASE(
  "hostile Subject, From and Authentication-Results run nothing in Chromium and show as "
  "text",
  "[reports][browser]")
{
  test::TempDir dir;
  test::CountingListener listener;
  const RunReport report = hostile_report(listener.port());
  const std::string page = write_file(dir.path() / "hostile.html", render_html(report));

  const auto dom =
    test::run_chromium(page, "--dump-dom", listener, (dir.path() / "profile").string());
  REQUIRE(dom.exit_code == 0);
  CHECK(dom.out.find("<title>inboxprobe run 20251129T081500Z-3kq7</title>") != std::string::npos);
  CHECK(dom.out.find("PWNED") == std::string::npos);
  // The payloads are text: escaped in the serialised DOM, once per place.
  CHECK(count(dom.out, "Subject: &lt;script&gt;document.title='PW'+'NED';") >= 1);
  CHECK(count(dom.out, "From: \"&gt;&lt;img src=x onerror=") >= 1);
  CHECK(count(dom.out, "&lt;/style&gt;&lt;style&gt;body{background:url(http://127.0.0.1:") >= 1);
  CHECK(count(dom.out, "&lt;a href=\"javascript:document.title") >= 1);
  CHECK(dom.out.find("&lt;U+202E&gt;gnp.exe") != std::string::npos);
  CHECK(dom.out.find("\u202E") == std::string::npos);
  // No element came from the payloads.
  for (const char* element : {"<img",
                              "<iframe",
                              "<object",
                              "<video",
                              "<image",
                              "<link",
                              "<base",
                              "<script",
                              "<meta http-equiv=\"refresh"}) {
    CAPTURE(element);
    CHECK(dom.out.find(element) == std::string::npos);
  }
  CHECK(count(dom.out, "<style>") == 1);
  CAPTURE(listener.requests());
  CHECK(listener.page_connections() == 0);
}

TEST_CASE("the reports load nothing from the network in Chromium", "[reports][browser]")
{
  test::TempDir dir;
  test::CountingListener listener;
  const std::string run = write_file(dir.path() / "run.html", render_html(normal_report()));
  const std::string hostile =
    write_file(dir.path() / "hostile.html", render_html(hostile_report(listener.port())));
  TrendReport trend = build_trend_report({}, {}, 0, test::k_generated_at_ms);
  trend.points = normal_report().trend;
  const std::string trend_page = write_file(dir.path() / "trend.html", render_trend_html(trend));
  int profile = 0;
  for (const std::string& page : {run, hostile, trend_page}) {
    CAPTURE(page);
    // A screenshot lets the page load everything it would (images, styles).
    const auto result =
      test::run_chromium(page,
                         "--screenshot=" + (dir.path() / "shot.png").string()
                           + " --window-size=1024,1600 --virtual-time-budget=3000",
                         listener,
                         (dir.path() / ("profile" + std::to_string(++profile))).string());
    CHECK(result.exit_code == 0);
  }
  CAPTURE(listener.requests());
  CHECK(listener.page_connections() == 0);

  // Control: the same harness does see a page that loads from the network.
  const std::string url = "http://127.0.0.1:" + std::to_string(listener.port());
  const std::string leaky = write_file(dir.path() / "leaky.html",
                                       "<!DOCTYPE html><html><body><img src=\"" + url
                                         + "/img.png\"><img src=\"http://tracker.example/t.png\">"
                                           "</body></html>");
  CHECK(test::run_chromium(leaky,
                           "--dump-dom --virtual-time-budget=3000",
                           listener,
                           (dir.path() / "profile-leaky").string())
          .exit_code
        == 0);
  CHECK(listener.page_connections() >= 2); // both images, via the proxy
}

TEST_CASE("the harness sees a script that runs", "[reports][browser]")
{
  test::TempDir dir;
  test::CountingListener listener;
  const std::string page = write_file(dir.path() / "script.html",
                                      "<!DOCTYPE html><html><head><title>t</title></head><body>"
                                      "<script>document.title='PW'+'NED'</script></body></html>");
  const auto dom =
    test::run_chromium(page, "--dump-dom", listener, (dir.path() / "profile").string());
  CHECK(dom.exit_code == 0);
  CHECK(dom.out.find("<title>PWNED</title>") != std::string::npos);
}
