// Our own SPF evaluation (RFC 7208 §4 check_host) with libspf2, as a second
// opinion beside the provider's Authentication-Results. DNS comes from a
// DnsResolver through a libspf2 DNS layer of our own (no network in tests).
#pragma once

#include <analysis/dns_resolver.hpp>
#include <core/model.hpp>

#include <string>

namespace inboxprobe {

struct SpfQuery
{
  std::string ip;        // the client IP, IPv4 or IPv6 text
  std::string helo;      // HELO/EHLO name, may be empty
  std::string mail_from; // envelope sender without <>, "" for the null sender
};

// check_host() for the MAIL FROM identity (RFC 7208 §2.4); with a null
// sender, for the HELO identity (postmaster@helo, RFC 7208 §2.4), and the
// result's `identity` says "helo" so that it is never read as a MAIL FROM
// verdict. `detail`: the expanded exp= explanation for a fail, else
// libspf2's reason for an error ("" for a plain result). An unusable `ip`
// gives permerror without any lookup; a loopback `ip` gives none with a
// detail saying it was not evaluated (libspf2 passes loopback clients
// without reading the record, which RFC 7208 does not allow). Never throws; exceptions from `dns`
// become temperror lookups inside libspf2's callback.
SpfCheck check_spf(const SpfQuery& query, const DnsResolver& dns);

} // namespace inboxprobe
