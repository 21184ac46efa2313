// DMARC (RFC 7489): the policy record, the organizational domain and
// identifier alignment, and the evaluation of one message (§6.6). The record
// is parsed by libopendmarc's policy parser (with the RFC rules it does not
// apply added here); the organizational domain comes from the Public Suffix
// List through libpsl, with both its ICANN and its private section (as
// receivers such as OpenDMARC do: alice.github.io and bob.github.io are
// different organizations); domains are compared as lowercase A-labels
// (IDNA 2008 through libidn2).
#pragma once

#include <analysis/dns_resolver.hpp>
#include <core/error.hpp>
#include <core/message_headers.hpp>
#include <core/model.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace inboxprobe {

// A parsed DMARC policy record (RFC 7489 §6.3).
struct DmarcRecord
{
  std::string p;  // "none", "quarantine", "reject"
  std::string sp; // defaults to p
  char adkim = 'r';
  char aspf = 'r';
  int pct = 100;
  bool pct_invalid = false; // out of 0..100: 100 is used (RFC 7489 §6.3 "pct")
  std::vector<std::string> rua;
  std::string fo = "0";
  long ri = 86400;
};

// The record in `txt` (the TXT's character-strings already concatenated).
// Errors: "dmarc.not_dmarc" (does not start with v=DMARC1: not a DMARC record),
// "dmarc.version_not_first" (v=DMARC1 elsewhere than first, RFC 7489 §6.3),
// "dmarc.no_policy" (no valid p= and no rua=, RFC 7489 §6.6.3), "dmarc.syntax"
// (a bad value for p, sp, adkim or aspf).
Result<DmarcRecord> parse_dmarc_record(std::string_view txt);

// `domain` as a lowercase A-label name without a trailing dot; "" when it is
// not a valid (IDNA) domain name.
std::string normalized_domain(std::string_view domain);

// The organizational domain of `domain` (RFC 7489 §3.2): its public suffix
// plus one label; `domain` itself (normalized) when it is a public suffix.
std::string organizational_domain(std::string_view domain);

// Identifier alignment (RFC 7489 §3.1): strict ('s') = the same domain,
// relaxed ('r') = the same organizational domain.
bool is_aligned(std::string_view domain, std::string_view from_domain, char mode);

// The domain of the first From field's address (RFC 5322 §3.6.2; the
// RFC5322.From domain of RFC 7489 §3), "" when there is none.
std::string message_from_domain(const std::vector<HeaderField>& fields);

// What a message offers DMARC: the From domain and the authenticated
// identifiers (DKIM d= of signatures that passed, the SPF domain that passed).
struct DmarcInputs
{
  std::string from_domain;
  std::vector<std::string> dkim_domains;
  std::string spf_domain; // "" when SPF did not pass
};

// RFC 7489 §6.6: the record at _dmarc.<From domain>, else at
// _dmarc.<organizational domain> (sp= applies there), alignment and result:
// pass (an aligned identifier passed), fail, none (no record), temperror (DNS
// failed), permerror (a record that cannot be used).
DmarcCheck evaluate_dmarc(const DmarcInputs& inputs, const DnsResolver& dns);

} // namespace inboxprobe
