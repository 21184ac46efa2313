// The authentication part of a probe's details in the HTML run report: every
// Authentication-Results field (RFC 8601 §2.2) with its trust (RFC 8601 §5:
// only the seed provider's authserv-ids are believed), the providers' DKIM
// results beside our own DKIM verification (RFC 6376 §6), and the spam
// filter's verdict.
#include "html_parts.hpp"

#include <cstdio>

namespace inboxprobe::html {

namespace {

// "dkim=pass (reason) header.d=example.com header.s=s1", as plain text.
std::string
result_text(const AuthResult& result)
{
  std::string out = result.method;
  if (!result.method_version.empty()) {
    out += "/" + result.method_version;
  }
  out += "=" + result.result;
  if (!result.reason.empty()) {
    out += " (" + result.reason + ")";
  }
  for (const auto& [name, value] : result.props) {
    out += " " + name + "=" + value;
  }
  return out;
}

std::string
list(const std::vector<std::string>& items)
{
  if (items.empty()) {
    return "-";
  }
  std::string out = "<ul>";
  for (const std::string& item : items) {
    out += "<li>" + text(item) + "</li>";
  }
  return out + "</ul>";
}

std::string
auth_field_row(const AuthResultsField& field)
{
  std::vector<std::string> results;
  for (const AuthResult& result : field.results) {
    results.push_back(result_text(result));
  }
  if (field.none) {
    results.push_back("none (no results)");
  }
  const std::string trust = field.trusted ? td_html("trusted", "trusted")
                                          : td_html("untrusted (may be forged)", "untrusted");
  return "<tr>" + td(or_dash(field.authserv_id)) + trust + td_html(list(results))
         + td_html("<pre class=\"wire\">" + text(field.raw) + "</pre>") + "</tr>\n";
}

std::string
dkim_check_text(const DkimCheck& check)
{
  std::string out = std::string(to_string(check.verdict)) + " d=" + check.domain + " s="
                    + check.selector + " a=" + check.algorithm + " c=" + check.canonicalization;
  if (check.body_length >= 0) {
    out += " l=" + std::to_string(check.body_length);
  }
  if (!check.error.empty()) {
    out += ": " + check.error;
  }
  return out;
}

std::string
optional_number(const std::optional<double>& value)
{
  if (!value) {
    return "-";
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", *value);
  return buffer;
}

} // namespace

std::string
render_auth_results(const ProbeResult& result)
{
  std::string out =
    "<table class=\"auth\">\n<caption>Authentication-Results fields "
    "(provider verdicts: SPF "
    + text(to_string(result.spf)) + ", DKIM " + text(to_string(result.dkim)) + ", DMARC "
    + text(to_string(result.dmarc)) + ")</caption>\n";
  if (result.auth_results.empty()) {
    return out + "<tbody><tr><td>No Authentication-Results field."
                 "</td></tr></tbody>\n</table>\n";
  }
  out += "<thead>" + header_row({"authserv-id", "Trust", "Results", "Field as received"})
         + "</thead>\n<tbody>\n";
  for (const AuthResultsField& field : result.auth_results) {
    out += auth_field_row(field);
  }
  return out + "</tbody>\n</table>\n";
}

std::string
render_dkim_comparison(const ProbeResult& result)
{
  std::vector<std::string> provider;
  for (const AuthResultsField& field : result.auth_results) {
    for (const AuthResult& entry : field.results) {
      if (field.trusted && entry.method == "dkim") {
        provider.push_back(std::string(or_dash(field.authserv_id)) + ": " + result_text(entry));
      }
    }
  }
  std::vector<std::string> ours;
  for (const DkimCheck& check : result.own_dkim) {
    ours.push_back(dkim_check_text(check));
  }
  return "<table class=\"dkim\">\n<caption>DKIM: provider verdict beside our "
         "verification</caption>\n<thead>"
         + header_row({"Provider (trusted fields)", "Our verification"}) + "</thead>\n<tbody><tr>"
         + td_html(list(provider)) + td_html(list(ours)) + "</tr></tbody>\n</table>\n";
}

std::string
render_spam_verdict(const ProbeResult& result)
{
  if (!result.spam_verdict) {
    return "<p>No spam filter verdict found.</p>\n";
  }
  const SpamVerdict& verdict = *result.spam_verdict;
  std::string rows = fact_row("Engine", or_dash(verdict.engine));
  rows += fact_row("Spam", verdict.is_spam ? (*verdict.is_spam ? "yes" : "no") : "-");
  rows += fact_row("Score / threshold",
                   optional_number(verdict.score) + " / " + optional_number(verdict.threshold));
  rows += fact_row("Action", or_dash(verdict.action));
  rows += fact_row_html("Symbols", list(verdict.symbols));
  return "<table class=\"facts\">\n<caption>Spam verdict</caption>\n<tbody>\n" + rows
         + "</tbody>\n</table>\n";
}

} // namespace inboxprobe::html
