// The authentication part of a probe's details in the HTML run report: every
// Authentication-Results field (RFC 8601 §2.2) with its trust (RFC 8601 §5:
// only the seed provider's authserv-ids are believed), the providers' DKIM
// results beside our own DKIM verification (RFC 6376 §6), and the spam
// filter's verdict, as fact rows and a list.
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

std::string
verdicts_text(const ProbeResult& result)
{
  return "SPF " + std::string(to_string(result.spf)) + ", DKIM "
         + std::string(to_string(result.dkim)) + ", DMARC " + std::string(to_string(result.dmarc));
}

} // namespace

std::string
render_verdict_rows(const ProbeResult& result)
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
  std::string rows = fact_row("Provider verdicts", verdicts_text(result));
  rows += fact_row_html("DKIM (provider)", list(provider));
  rows += fact_row_html("DKIM (our check)", list(ours));
  if (result.spam_verdict) {
    const SpamVerdict& v = *result.spam_verdict;
    std::string spam = std::string(or_dash(v.engine)) + ": "
                       + (v.is_spam ? (*v.is_spam ? "spam" : "not spam") : "no verdict")
                       + ", score " + optional_number(v.score) + " / "
                       + optional_number(v.threshold);
    if (!v.action.empty()) {
      spam += ", action " + v.action;
    }
    rows += fact_row_html("Spam filter", text(spam) + list(v.symbols));
  }
  return rows;
}

std::string
render_auth_results(const ProbeResult& result, bool headers_shown)
{
  if (result.auth_results.empty()) {
    return "<p>No Authentication-Results field.</p>\n";
  }
  std::string out = "<ul class=\"ar\">\n";
  for (const AuthResultsField& field : result.auth_results) {
    std::string results;
    for (const AuthResult& entry : field.results) {
      results += (results.empty() ? "" : "; ") + result_text(entry);
    }
    if (field.none) {
      results += (results.empty() ? "" : "; ") + std::string("none (no results)");
    }
    out += std::string("<li class=\"") + (field.trusted ? "trusted" : "untrusted") + "\">"
           + (field.trusted ? "trusted " : "untrusted (may be forged) ")
           + text(std::string(or_dash(field.authserv_id)) + ": " + results);
    // The raw field is in the headers when they are shown.
    if (!headers_shown) {
      out += "<pre class=\"wire\">" + text(field.raw) + "</pre>";
    }
    out += "</li>\n";
  }
  return out + "</ul>\n";
}

} // namespace inboxprobe::html
