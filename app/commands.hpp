// The inboxprobe commands. Each returns the process exit code; configuration
// mistakes and bugs are thrown (ConfigError, Bug) and turned into exit codes by
// main.
#pragma once

#include <string>
#include <vector>

namespace inboxprobe {

// Exit codes (also the monitoring convention of later commands).
constexpr int k_exit_ok = 0;
constexpr int k_exit_failure = 1; // an operational failure (store, filesystem, network setup)
constexpr int k_exit_config = 2;  // bad configuration or command line
constexpr int k_exit_bug = 3;

struct RunOptions
{
  std::string config_path;
  bool keep_transcripts = false;
  bool async = false;           // send, then collect earlier runs' pending probes once; no waiting
  bool alert_exit_code = false; // exit 0/1/2/3 by the alert level (default: 0 when done)
  bool nagios = false;          // also print the Nagios line (implies alert_exit_code)
};
// `inboxprobe run`: plan, send, collect, analyze, report. With `async`: plan
// and send; collect, analyze and report the earlier runs that still have
// pending probes (one look at each mailbox); the new run is collected later.
int run_command(const RunOptions& options);

struct CollectRunsOptions
{
  std::string config_path;
  std::string run_id; // empty: every run in the collect horizon with pending probes
};
// `inboxprobe collect`: look for the pending probes of earlier runs (until
// each run's deadline, once when it has passed), then analyse and report
// those runs again. A probe found after its deadline becomes `late`.
int collect_command(const CollectRunsOptions& options);

struct ResumeOptions
{
  std::string config_path;
  std::string run_id;
  bool alert_exit_code = false;
  bool nagios = false;
};
// `inboxprobe resume`: finish an interrupted run (sends what was not sent,
// collects, ...).
int resume_command(const ResumeOptions& options);

struct ReportOptions
{
  std::string config_path; // for db and out, when db_path / out_dir are not given
  std::string db_path;
  std::string out_dir;
  std::string run_id; // empty: the newest run
  std::string since;  // a duration ("30d"): write the trend report of that period instead
};
// `inboxprobe report`: rebuild a run's report from the history, or with
// --since the trend report of the runs started in that period.
int report_command(const ReportOptions& options);

struct RunsOptions
{
  std::string config_path;
  std::string db_path;
};
// `inboxprobe runs`: list the runs in the history with their inbox rate.
int runs_command(const RunsOptions& options);

struct ReanalyzeOptions
{
  std::string config_path; // trusted authserv-ids, DNS resolver, db and out
  std::string run_id;
};
// `inboxprobe reanalyze`: analyse a run again from its stored bytes and
// rewrite its report.
int reanalyze_command(const ReanalyzeOptions& options);

struct CheckCommandOptions
{
  std::string config_path;
  std::vector<std::string> routes; // empty: every route
  bool nagios = false;             // one Nagios line instead of the report
  bool open_relay_probe = false;   // opt-in relay probe (never delivers)
  bool notify = true;              // record and send alerts (--no-alerts: only print)
};
// `inboxprobe check`: the SMTP health of each route; exits with the alert
// level (0 ok, 1 warning, 2 critical, 3 unknown, also for a bad config).
int check_command(const CheckCommandOptions& options);

struct ServeOptions
{
  std::string config_path;
  std::string schedule; // overrides [serve] schedule
  std::string listen;   // overrides [serve] listen
};
// `inboxprobe serve`: run the campaign on a schedule, serve /metrics and
// /healthz, reload on SIGHUP, stop cleanly on SIGTERM (a run in progress is
// resumed at the next start).
int serve_command(const ServeOptions& options);

struct AnalyzeOptions
{
  std::string file;
  std::vector<std::string> trusted_authserv_ids;
  std::string dns_resolver; // "" = system resolver; "none" = skip own DKIM, ARC, SPF, DMARC
  // Output format: "text", "json" or "html".
  std::string format = "text";
};
// `inboxprobe analyze FILE.eml`: analyse one saved message offline.
int analyze_command(const AnalyzeOptions& options);

} // namespace inboxprobe
