// Command-line wiring with CLI11. main's only job: catch what commands throw.
#include "cli.hpp"

#include "commands.hpp"

#include <core/error.hpp>

#include <CLI/CLI.hpp>

#include <iostream>

namespace inboxprobe {

namespace {

// Monitoring flags of run and resume (monitor_passes.hpp).
void
add_alert_flags(CLI::App* cmd, bool& alert_exit_code, bool& nagios)
{
  cmd->add_flag("--alert-exit-code",
                alert_exit_code,
                "Exit with the alert level: 0 ok, 1 warning, 2 critical, 3 unknown (default: 0 "
                "for a completed run)");
  cmd->add_flag("--nagios",
                nagios,
                "Print a Nagios plugin line with perfdata last (implies --alert-exit-code)");
}

void
add_run(CLI::App& app, RunOptions& options, int& code)
{
  CLI::App* cmd = app.add_subcommand(
    "run", "Send one probe per route x seed x content, find them, analyse, report");
  cmd->add_option("-c,--config", options.config_path, "Campaign configuration (TOML)")->required();
  cmd->add_flag("--keep-transcripts",
                options.keep_transcripts,
                "Keep SMTP transcripts of accepted probes too (failed ones are "
                "always kept)");
  cmd->add_flag("--async",
                options.async,
                "Send, then collect the pending probes of earlier runs once (no waiting); "
                "this run is collected by a later `collect` or `run --async`");
  add_alert_flags(cmd, options.alert_exit_code, options.nagios);
  cmd->callback([&] { code = run_command(options); });
}

void
add_collect(CLI::App& app, CollectRunsOptions& options, int& code)
{
  CLI::App* cmd = app.add_subcommand(
    "collect",
    "Look for the pending probes of earlier runs, then analyse and report those runs again");
  cmd->add_option("-c,--config", options.config_path, "Campaign configuration (TOML)")->required();
  cmd->add_option("--run",
                  options.run_id,
                  "Only this run (default: every run in the collect horizon with pending probes)");
  cmd->callback([&] { code = collect_command(options); });
}

void
add_resume(CLI::App& app, ResumeOptions& options, int& code)
{
  CLI::App* cmd = app.add_subcommand("resume",
                                     "Finish an interrupted run: send what was not sent, collect, "
                                     "analyse and report");
  cmd->add_option("-c,--config", options.config_path, "Campaign configuration (TOML)")->required();
  cmd->add_option("--run", options.run_id, "Run id (see `inboxprobe runs`)")->required();
  add_alert_flags(cmd, options.alert_exit_code, options.nagios);
  cmd->callback([&] { code = resume_command(options); });
}

void
add_report(CLI::App& app, ReportOptions& options, int& code)
{
  CLI::App* cmd = app.add_subcommand("report", "Rebuild a run's HTML and JSON report");
  cmd->add_option("-c,--config", options.config_path, "Campaign configuration (for db and out)");
  cmd->add_option("--db", options.db_path, "History database");
  cmd->add_option("--out", options.out_dir, "Report directory");
  cmd->add_option("--run", options.run_id, "Run id (default: the newest run)");
  cmd->add_option("--since",
                  options.since,
                  "Write the trend report of the runs started in this period instead (e.g. 30d)");
  cmd->callback([&] { code = report_command(options); });
}

void
add_runs(CLI::App& app, RunsOptions& options, int& code)
{
  CLI::App* cmd = app.add_subcommand("runs", "List the runs in the history");
  cmd->add_option("-c,--config", options.config_path, "Campaign configuration (for db)");
  cmd->add_option("--db", options.db_path, "History database");
  cmd->callback([&] { code = runs_command(options); });
}

void
add_reanalyze(CLI::App& app, ReanalyzeOptions& options, int& code)
{
  CLI::App* cmd = app.add_subcommand(
    "reanalyze", "Analyse a run again from its stored messages and rewrite its report");
  cmd->add_option("-c,--config", options.config_path, "Campaign configuration (TOML)")->required();
  cmd->add_option("--run", options.run_id, "Run id (see `inboxprobe runs`)")->required();
  cmd->callback([&] { code = reanalyze_command(options); });
}

void
add_check(CLI::App& app, CheckCommandOptions& options, int& code)
{
  CLI::App* cmd = app.add_subcommand(
    "check",
    "Check each route's SMTP server (TLS, certificate, AUTH, timings) without sending mail; "
    "exit 0 ok, 1 warning, 2 critical, 3 unknown");
  cmd->add_option("-c,--config", options.config_path, "Campaign configuration (TOML)")->required();
  cmd->add_option("--route", options.routes, "Check only this route (repeatable)");
  cmd->add_flag("--nagios", options.nagios, "Print one Nagios plugin line with perfdata");
  cmd->add_flag("--open-relay-probe",
                options.open_relay_probe,
                "Also try an unauthenticated MAIL/RCPT to an outside address; it must be refused "
                "(the session is cut at DATA: nothing is ever delivered)");
  cmd->add_flag("!--no-alerts",
                options.notify,
                "Do not record or send alerts (only print and set the exit code)");
  cmd->callback([&] { code = check_command(options); });
}

void
add_serve(CLI::App& app, ServeOptions& options, int& code)
{
  CLI::App* cmd = app.add_subcommand(
    "serve",
    "Run the campaign on a schedule and serve /metrics and /healthz; SIGHUP reloads the "
    "configuration, SIGTERM stops (an interrupted run is resumed at the next start)");
  cmd->add_option("-c,--config", options.config_path, "Campaign configuration (TOML)")->required();
  cmd->add_option("--schedule",
                  options.schedule,
                  "Cron expression in UTC (\"15 3 * * *\", @daily) or interval (\"@every 30m\")");
  cmd->add_option("--listen", options.listen, "HTTP address (default 127.0.0.1:9469)");
  cmd->callback([&] { code = serve_command(options); });
}

void
add_analyze(CLI::App& app, AnalyzeOptions& options, int& code)
{
  CLI::App* cmd = app.add_subcommand("analyze", "Analyse one saved message (.eml)");
  cmd->add_option("file", options.file, "The message file")->required();
  cmd->add_option("--trusted-authserv-id",
                  options.trusted_authserv_ids,
                  "authserv-id whose Authentication-Results are trusted (repeatable)");
  cmd->add_option("--dns-resolver",
                  options.dns_resolver,
                  "IPv4[:port] of the DNS server for DKIM/ARC keys, SPF and DMARC; "
                  "\"none\" skips our own DKIM, ARC, SPF and DMARC checks");
  cmd->add_option("--format", options.format, "Output format: text, json or html")
    ->check(CLI::IsMember({"text", "json", "html"}));
  cmd->callback([&] { code = analyze_command(options); });
}

} // namespace

int
run_cli(int argc, char** argv)
{
  CLI::App app{"inboxprobe: end-to-end email deliverability tester"};
  app.set_version_flag("--version", "inboxprobe 0.1.0");
  app.require_subcommand(1);
  int code = k_exit_ok;
  RunOptions run;
  CollectRunsOptions collect;
  ResumeOptions resume;
  ReportOptions report;
  RunsOptions runs;
  AnalyzeOptions analyze;
  ReanalyzeOptions reanalyze;
  CheckCommandOptions check;
  ServeOptions serve;
  add_run(app, run, code);
  add_collect(app, collect, code);
  add_resume(app, resume, code);
  add_report(app, report, code);
  add_runs(app, runs, code);
  add_analyze(app, analyze, code);
  add_reanalyze(app, reanalyze, code);
  add_check(app, check, code);
  add_serve(app, serve, code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int exit = app.exit(e);
    return exit == 0 ? k_exit_ok : k_exit_config;
  } catch (const ConfigError& e) {
    std::cerr << "inboxprobe: " << e.what() << "\n";
    return k_exit_config;
  } catch (const Bug& e) {
    std::cerr << "inboxprobe: internal error (please report): " << e.what() << "\n";
    return k_exit_bug;
  } catch (const std::exception& e) {
    std::cerr << "inboxprobe: internal error (please report): " << e.what() << "\n";
    return k_exit_bug;
  }
  return code;
}

} // namespace inboxprobe
