// Scenario: `inboxprobe check` against both lab routes: STARTTLS offered,
// AUTH only after TLS, the certificate verified with the days left on the
// certificate lab/up generated, the route's credentials accepted, the relay
// probe refused; the Nagios line and the check metrics (promtool).
#include "monitor_support.hpp"

#include <catch2/catch.hpp>

#include <ctime>

using namespace inboxprobe;

namespace {

// notAfter of the lab certificate, UTC epoch seconds (openssl x509 -enddate).
std::int64_t
lab_certificate_not_after(const test::Lab& lab)
{
  const auto out = test::run_command("openssl x509 -noout -enddate -in " + lab["LAB_CA_FILE"]);
  REQUIRE(out.exit_code == 0);
  // "notAfter=Dec 29 14:06:50 2026 GMT"
  std::tm tm{};
  REQUIRE(strptime(out.out.c_str(), "notAfter=%b %d %H:%M:%S %Y GMT", &tm) != nullptr);
  return static_cast<std::int64_t>(timegm(&tm));
}

std::string
line_starting(const std::string& text, const std::string& start, std::size_t from = 0)
{
  const std::size_t at = text.find(start, from);
  return at == std::string::npos ? "" : text.substr(at, text.find('\n', at) - at);
}

} // namespace

TEST_CASE(
  "check shows STARTTLS, AUTH only after TLS and the lab certificate's days for both "
  "routes",
  "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const std::string d = dir.path().string();
  const std::string config = lab.campaign("e2e-check", d, "5s") + lab.route("provider-a", 'a')
                             + lab.route("provider-b", 'b') + lab.seed("seed1@inbox.test")
                             + "[[content]]\nname = \"n\"\nsubject = \"s\"\ntext = \"t\"\n\n"
                             + "[metrics]\ncheck_textfile = \"" + d + "/check.prom\"\n";
  test::write_file(dir.path() / "campaign.toml", config);
  const std::string check =
    std::string(INBOXPROBE_BINARY) + " check --config " + d + "/campaign.toml";
  const std::int64_t not_after = lab_certificate_not_after(lab);
  const std::int64_t days = (not_after - std::time(nullptr)) / 86'400;

  const auto human = test::run_command(check + " --open-relay-probe");
  INFO(human.out);
  CHECK(human.exit_code == 0);
  for (const std::string route : {"provider-a", "provider-b"}) {
    CAPTURE(route);
    const std::size_t at = human.out.find(route + " smtp://127.0.0.1:");
    REQUIRE(at != std::string::npos);
    CHECK(line_starting(human.out, route + " smtp://", at).find(": OK") != std::string::npos);
    const std::string before = line_starting(human.out, "  EHLO before TLS:", at);
    CHECK(before.find("STARTTLS") != std::string::npos);
    CHECK(before.find("AUTH") == std::string::npos);
    CHECK(line_starting(human.out, "  EHLO after TLS:", at).find("[AUTH PLAIN LOGIN")
          != std::string::npos);
    CHECK(line_starting(human.out, "  STARTTLS handshake", at).find("TLSv1.3")
          != std::string::npos);
    const std::string cert = line_starting(human.out, "  certificate:", at);
    CHECK(cert.find("chain verified; host name matches") != std::string::npos);
    CHECK(cert.find("(" + std::to_string(days) + " days)") != std::string::npos);
    CHECK(line_starting(human.out, "  AUTH with", at).find("accepted") != std::string::npos);
    CHECK(line_starting(human.out, "  open-relay probe", at).find("REFUSED (rcpt 554")
          != std::string::npos);
  }
  CHECK(human.out.find("smtp.auth_before_tls") == std::string::npos);
  CHECK(human.out.find("overall: ok\n") != std::string::npos);

  const auto nagios = test::run_command(check + " --nagios");
  INFO(nagios.out);
  CHECK(nagios.exit_code == 0);
  CHECK(nagios.out.rfind("INBOXPROBE CHECK OK - 2 routes healthy | provider-a_connect=", 0) == 0);
  CHECK(nagios.out.find(" provider-b_certificate_days=" + std::to_string(days) + ";14:;3:")
        != std::string::npos);

  const std::string metrics = test::slurp(dir.path() / "check.prom");
  const auto promtool = test::run_command("promtool check metrics < " + d + "/check.prom");
  INFO(promtool.out);
  CHECK(promtool.exit_code == 0);
  const std::string labels = "{campaign=\"e2e-check\",route=\"provider-a\"";
  CHECK(metrics.find("inboxprobe_check_success" + labels + "} 1\n") != std::string::npos);
  CHECK(metrics.find("inboxprobe_smtp_capability" + labels
                     + ",phase=\"before_tls\",capability=\"AUTH\"} 0\n")
        != std::string::npos);
  CHECK(metrics.find("inboxprobe_smtp_capability" + labels
                     + ",phase=\"after_tls\",capability=\"AUTH\"} 1\n")
        != std::string::npos);
  CHECK(metrics.find("inboxprobe_tls_certificate_expiry_timestamp_seconds" + labels + "} "
                     + std::to_string(not_after) + "\n")
        != std::string::npos);
  CHECK(metrics.find("inboxprobe_check_step_success" + labels + ",step=\"certificate\"} 1\n")
        != std::string::npos);
}

TEST_CASE("check, runs and report work before the first run, with no history directory yet",
          "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const std::string d = dir.path().string();
  std::string config = lab.campaign("e2e-first", d, "5s") + lab.route("provider-a", 'a')
                       + lab.seed("seed1@inbox.test")
                       + "[[content]]\nname = \"n\"\nsubject = \"s\"\ntext = \"t\"\n\n";
  const std::string db = d + "/history.db";
  config.replace(config.find(db), db.size(), d + "/fresh/out/history.db");
  test::write_file(dir.path() / "campaign.toml", config);
  const std::string inboxprobe = std::string(INBOXPROBE_BINARY) + " ";
  const std::string c = " --config " + d + "/campaign.toml";

  const auto runs = test::run_command(inboxprobe + "runs" + c);
  INFO(runs.out);
  CHECK(runs.exit_code == 0);
  CHECK(runs.out.find("no runs yet: " + d + "/fresh/out/history.db is created by the first")
        != std::string::npos);
  const auto report = test::run_command(inboxprobe + "report" + c);
  INFO(report.out);
  CHECK(report.exit_code == 1);
  CHECK(report.out.find("no runs yet") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(d + "/fresh")); // neither made anything

  const auto check = test::run_command(inboxprobe + "check" + c);
  INFO(check.out);
  CHECK(check.exit_code == 0);
  CHECK(check.out.find("overall: ok\n") != std::string::npos);
  CHECK(std::filesystem::exists(d + "/fresh/out/history.db"));
}
