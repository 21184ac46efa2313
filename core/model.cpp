// Token tables for the enumerations of model.hpp. One table per enum, read both
// ways, so a value and its text can never drift apart.
#include "model.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace inboxprobe {

namespace {

template<typename E> using Token = std::pair<E, std::string_view>;

constexpr auto k_tls_modes = std::to_array<Token<TlsMode>>(
  {{TlsMode::starttls, "starttls"}, {TlsMode::tls, "tls"}, {TlsMode::none, "none"}});

// SASL mechanism names (RFC 4954 §3), lowercase, plus "auto".
constexpr auto k_auth_mechanisms =
  std::to_array<Token<AuthMechanism>>({{AuthMechanism::automatic, "auto"},
                                       {AuthMechanism::plain, "plain"},
                                       {AuthMechanism::login, "login"},
                                       {AuthMechanism::xoauth2, "xoauth2"}});

// RFC 5321 command names, lowercase, plus the pseudo-steps "connect" and
// "end-of-data".
constexpr auto k_smtp_steps =
  std::to_array<Token<SmtpStep>>({{SmtpStep::none, "none"},
                                  {SmtpStep::connect, "connect"},
                                  {SmtpStep::ehlo, "ehlo"},
                                  {SmtpStep::starttls, "starttls"},
                                  {SmtpStep::auth, "auth"},
                                  {SmtpStep::mail, "mail"},
                                  {SmtpStep::rcpt, "rcpt"},
                                  {SmtpStep::data, "data"},
                                  {SmtpStep::end_of_data, "end-of-data"},
                                  {SmtpStep::quit, "quit"}});

constexpr auto k_submit_outcomes =
  std::to_array<Token<SubmitOutcome>>({{SubmitOutcome::accepted, "accepted"},
                                       {SubmitOutcome::rejected, "rejected"},
                                       {SubmitOutcome::deferred, "deferred"},
                                       {SubmitOutcome::failed, "failed"},
                                       {SubmitOutcome::uncertain, "uncertain"}});

constexpr auto k_folder_roles = std::to_array<Token<FolderRole>>({{FolderRole::inbox, "inbox"},
                                                                  {FolderRole::junk, "junk"},
                                                                  {FolderRole::other, "other"},
                                                                  {FolderRole::bounce, "bounce"}});

constexpr auto k_placements =
  std::to_array<Token<Placement>>({{Placement::pending, "pending"},
                                   {Placement::inbox, "inbox"},
                                   {Placement::spam, "spam"},
                                   {Placement::other, "other"},
                                   {Placement::missing, "missing"},
                                   {Placement::rejected, "rejected"},
                                   {Placement::bounced, "bounced"},
                                   {Placement::late, "late"},
                                   {Placement::duplicate, "duplicate"}});

// RFC 8601 §2.7.1-2.7.7 result tokens.
constexpr auto k_auth_verdicts =
  std::to_array<Token<AuthVerdict>>({{AuthVerdict::none, "none"},
                                     {AuthVerdict::pass, "pass"},
                                     {AuthVerdict::fail, "fail"},
                                     {AuthVerdict::softfail, "softfail"},
                                     {AuthVerdict::neutral, "neutral"},
                                     {AuthVerdict::policy, "policy"},
                                     {AuthVerdict::temperror, "temperror"},
                                     {AuthVerdict::permerror, "permerror"},
                                     {AuthVerdict::unknown, "unknown"}});

constexpr auto k_severities = std::to_array<Token<Severity>>(
  {{Severity::info, "info"}, {Severity::warning, "warning"}, {Severity::error, "error"}});

template<typename Table, typename E>
std::string_view
token_of(const Table& table, E value)
{
  for (const auto& [v, text] : table) {
    if (v == value) {
      return text;
    }
  }
  return "?";
}

bool
iequals(std::string_view a, std::string_view b)
{
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x))
                  == std::tolower(static_cast<unsigned char>(y));
         });
}

template<typename E, typename Table>
std::optional<E>
value_of(const Table& table, std::string_view text)
{
  for (const auto& [v, token] : table) {
    if (iequals(token, text)) {
      return v;
    }
  }
  return std::nullopt;
}

} // namespace

std::string_view
to_string(TlsMode value)
{
  return token_of(k_tls_modes, value);
}

std::string_view
to_string(AuthMechanism value)
{
  return token_of(k_auth_mechanisms, value);
}

std::string_view
to_string(SmtpStep value)
{
  return token_of(k_smtp_steps, value);
}

std::string_view
to_string(SubmitOutcome value)
{
  return token_of(k_submit_outcomes, value);
}

std::string_view
to_string(FolderRole value)
{
  return token_of(k_folder_roles, value);
}

std::string_view
to_string(Placement value)
{
  return token_of(k_placements, value);
}

std::string_view
to_string(AuthVerdict value)
{
  return token_of(k_auth_verdicts, value);
}

std::string_view
to_string(Severity value)
{
  return token_of(k_severities, value);
}

std::optional<TlsMode>
parse_tls_mode(std::string_view text)
{
  return value_of<TlsMode>(k_tls_modes, text);
}

std::optional<AuthMechanism>
parse_auth_mechanism(std::string_view text)
{
  return value_of<AuthMechanism>(k_auth_mechanisms, text);
}

std::optional<SmtpStep>
parse_smtp_step(std::string_view text)
{
  return value_of<SmtpStep>(k_smtp_steps, text);
}

std::optional<SubmitOutcome>
parse_submit_outcome(std::string_view text)
{
  return value_of<SubmitOutcome>(k_submit_outcomes, text);
}

std::optional<FolderRole>
parse_folder_role(std::string_view text)
{
  return value_of<FolderRole>(k_folder_roles, text);
}

std::optional<Placement>
parse_placement(std::string_view text)
{
  return value_of<Placement>(k_placements, text);
}

std::optional<Severity>
parse_severity(std::string_view text)
{
  return value_of<Severity>(k_severities, text);
}

AuthVerdict
parse_auth_verdict(std::string_view text)
{
  return value_of<AuthVerdict>(k_auth_verdicts, text).value_or(AuthVerdict::unknown);
}

} // namespace inboxprobe
