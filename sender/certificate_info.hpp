// Certificates as libcurl's CURLOPT_CERTINFO reports them (one list of
// "Name:value" strings per certificate, leaf first) and RFC 6125 host name
// matching against a certificate's subjectAltName (RFC 5280 §4.2.1.6).
// Internal to the sender.
#pragma once

#include <core/smtp_health.hpp>

#include <optional>
#include <string>
#include <vector>

namespace inboxprobe {

// One certificate from its "Subject:...", "Issuer:...", "Start date:Nov 29
// 14:06:50 2026 GMT", "Expire date:...", "X509v3 Subject Alternative
// Name:IP Address:127.0.0.1, DNS:localhost" entries; other entries are
// ignored, a date that does not parse stays 0.
CertificateInfo parse_certinfo(const std::vector<std::string>& entries);

// "Nov 29 14:06:50 2026 GMT" (OpenSSL's ASN1_TIME_print form, the day
// space-padded) as UTC epoch seconds.
std::optional<std::int64_t> parse_certinfo_time(const std::string& text);

// Whether `host` (a DNS name or an IPv4/IPv6 literal) is one of the
// certificate's names (RFC 6125 §6.4): IP literals against the IP entries,
// names case-insensitively against the DNS entries, a wildcard only as the
// whole left-most label ("*.example.com" matches "mx.example.com", not
// "example.com" or "a.b.example.com"). The subject CN is not consulted when
// DNS entries exist (RFC 6125 §6.4.4).
bool certificate_matches_host(const CertificateInfo& certificate, const std::string& host);

} // namespace inboxprobe
