// Text and HTML renderings of an analysed message (see analyze_output.hpp).
// Deliberately independent of reports/: the analyze command must stay usable
// while the report stage changes.
#include "analyze_output.hpp"

#include <core/record_json.hpp>

#include <sstream>

namespace inboxprobe {

namespace {

std::string
verdict(AuthVerdict v)
{
  return std::string(to_string(v));
}

// The rows every rendering shows, as (section, label, value) triples.
struct Row
{
  std::string section, label, value;
};

void
add_auth_rows(const ProbeResult& r, std::vector<Row>& rows)
{
  rows.push_back(
    {"Provider verdicts",
     "trusted A-R",
     "spf=" + verdict(r.spf) + " dkim=" + verdict(r.dkim) + " dmarc=" + verdict(r.dmarc)});
  for (const AuthResultsField& f : r.auth_results) {
    std::string methods;
    for (const AuthResult& a : f.results) {
      methods += " " + a.method + "=" + a.result;
    }
    rows.push_back({"Provider verdicts",
                    (f.trusted ? "trusted " : "untrusted ")
                      + (f.authserv_id.empty() ? std::string("(no authserv-id)") : f.authserv_id),
                    methods});
  }
  for (const DkimCheck& d : r.own_dkim) {
    rows.push_back({"Own checks",
                    "dkim d=" + d.domain + " s=" + d.selector + " a=" + d.algorithm,
                    verdict(d.verdict) + (d.error.empty() ? "" : " (" + d.error + ")")});
  }
  if (r.own_spf) {
    rows.push_back({"Own checks",
                    "spf " + r.own_spf->identity + " " + r.own_spf->domain + " ip=" + r.own_spf->ip,
                    verdict(r.own_spf->verdict)
                      + (r.own_spf->detail.empty() ? "" : " (" + r.own_spf->detail + ")")});
  }
  if (r.own_dmarc) {
    const DmarcCheck& d = *r.own_dmarc;
    rows.push_back({"Own checks",
                    "dmarc " + d.from_domain + " (org " + d.org_domain + ")",
                    verdict(d.verdict) + " p=" + d.policy + " pct=" + std::to_string(d.pct)
                      + " dkim_aligned=" + (d.dkim_aligned ? "yes" : "no")
                      + " spf_aligned=" + (d.spf_aligned ? "yes" : "no")});
  }
  if (r.arc.chain != "none") { // "none": no ARC fields, or not checked
    rows.push_back({"Own checks",
                    "arc chain",
                    r.arc.chain + (r.arc.error.empty() ? "" : " (" + r.arc.error + ")")});
  }
  for (const ArcSetCheck& s : r.arc.sets) {
    rows.push_back({"Own checks",
                    "arc i=" + std::to_string(s.instance) + " " + s.domain + " cv=" + s.cv,
                    "seal=" + verdict(s.seal) + " message=" + verdict(s.message)});
  }
}

void
add_path_rows(const ProbeResult& r, std::vector<Row>& rows)
{
  for (const Hop& h : r.hops) {
    std::string value = "from " + h.from + (h.from_ip.empty() ? "" : " [" + h.from_ip + "]")
                        + " with " + h.with + (h.tls ? " TLS" : " no TLS");
    if (!h.tls_version.empty()) {
      value += " " + h.tls_version + " " + h.tls_cipher;
    }
    if (h.delay_s) {
      value += " delay " + std::to_string(*h.delay_s) + " s";
    }
    rows.push_back({"Received hops (newest first)", "by " + h.by, value});
  }
  const Compliance& c = r.compliance;
  for (const auto& [label, value] : {std::pair{"SPF pass", c.spf_pass},
                                     std::pair{"DKIM pass", c.dkim_pass},
                                     std::pair{"DMARC record", c.dmarc_present},
                                     std::pair{"DMARC aligned", c.dmarc_aligned},
                                     std::pair{"one-click unsubscribe", c.one_click_unsubscribe},
                                     std::pair{"TLS on every hop", c.tls_every_hop},
                                     std::pair{"FCrDNS (iprev)", c.fcrdns}}) {
    rows.push_back({"Bulk-sender requirements", label, value});
  }
  if (r.spam_verdict) {
    const SpamVerdict& s = *r.spam_verdict;
    std::ostringstream value;
    value << "is_spam=" << (s.is_spam ? (*s.is_spam ? "yes" : "no") : "unknown");
    if (s.score) {
      value << " score=" << *s.score;
    }
    if (s.threshold) {
      value << " threshold=" << *s.threshold;
    }
    rows.push_back({"Spam filter", s.engine, value.str()});
  }
}

std::vector<Row>
rows_of(const ProbeResult& r)
{
  std::vector<Row> rows;
  add_auth_rows(r, rows);
  add_path_rows(r, rows);
  return rows;
}

} // namespace

void
print_analysis_text(const ProbeResult& result, std::ostream& out)
{
  std::string section;
  for (const Row& row : rows_of(result)) {
    if (row.section != section) {
      section = row.section;
      out << section << ":\n";
    }
    out << "  " << row.label << ": " << row.value << "\n";
  }
  out << "Findings:\n";
  for (const Finding& f : result.findings) {
    out << "  " << to_string(f.severity) << " " << f.code << ": " << f.message << "\n";
    if (!f.evidence.empty()) {
      out << "    evidence: " << f.evidence << "\n";
    }
    if (!f.advice.empty()) {
      out << "    fix: " << f.advice << (f.rfc.empty() ? "" : " (" + f.rfc + ")") << "\n";
    }
  }
}

std::string
escape_html(std::string_view text)
{
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    default:
      if ((static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
        out += "\xEF\xBF\xBD"; // U+FFFD
      } else {
        out.push_back(c);
      }
    }
  }
  return out;
}

std::string
render_analysis_html(const ProbeResult& result, std::string_view title)
{
  std::ostringstream html;
  html << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
       << "<title>" << escape_html(title) << "</title><style>"
       << "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}"
       << "table{border-collapse:collapse;margin-bottom:1.5em}"
       << "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}"
       << ".error{color:#a00}.warning{color:#a60}.info{color:#555}"
       << "</style></head><body>\n<h1>" << escape_html(title) << "</h1>\n";
  std::string section;
  for (const Row& row : rows_of(result)) {
    if (row.section != section) {
      html << (section.empty() ? "" : "</table>\n") << "<h2>" << escape_html(row.section)
           << "</h2>\n<table>\n";
      section = row.section;
    }
    html << "<tr><th>" << escape_html(row.label) << "</th><td>" << escape_html(row.value)
         << "</td></tr>\n";
  }
  html << (section.empty() ? "" : "</table>\n") << "<h2>Findings</h2>\n<table>\n"
       << "<tr><th>severity</th><th>code</th><th>message</th><th>evidence</th><th>fix</th></tr>\n";
  for (const Finding& f : result.findings) {
    html << "<tr class=\"" << escape_html(to_string(f.severity)) << "\"><td>"
         << escape_html(to_string(f.severity)) << "</td><td>" << escape_html(f.code) << "</td><td>"
         << escape_html(f.message) << "</td><td>" << escape_html(f.evidence) << "</td><td>"
         << escape_html(f.advice) << (f.rfc.empty() ? "" : " (" + escape_html(f.rfc) + ")")
         << "</td></tr>\n";
  }
  html << "</table>\n</body></html>\n";
  return html.str();
}

std::string
render_analysis_json(const ProbeResult& result)
{
  // A strict dump throws at the first byte that is not UTF-8, and mail holds
  // such bytes (8-bit headers in other charsets, hostile input).
  return nlohmann::json(result).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
         + "\n";
}

} // namespace inboxprobe
