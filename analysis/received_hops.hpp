// The delivery path as Hop records (core/model.hpp): each Received field
// (RFC 5321 §4.4) with its connecting IP, its TLS use and its delay. TLS is
// read from the "with" protocol (RFC 3848 and RFC 8314 §7.4: ESMTPS, ESMTPSA,
// UTF8SMTPS, ...) and from the comments servers write about the session:
// Postfix "(using TLSv1.3 with cipher X (256/256 bits))", Microsoft
// "(version=TLS1_2, cipher=X)", Exim "(TLS1.2:CIPHER:256)", ecelerity
// "(cipher=X)", Gmail "(version=TLS1_3 cipher=X bits=256/256)".
#pragma once

#include <analysis/received.hpp>
#include <core/model.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace inboxprobe {

// One Hop per ReceivedHop, in the same (header, top-first) order. delay_s is
// this hop's date minus the date of the next older hop that has one;
// negative when the clocks disagree (kept: a caller reports clock skew rather
// than a made-up delay). nullopt when either date is missing.
std::vector<Hop> build_hops(const std::vector<ReceivedHop>& chain);

// The connecting IP written in a Received field's from clause ("from helo
// (rdns [192.0.2.1])", "from [IPv6:2001:db8::1]", Microsoft's "from host
// (2603:10b6::21)"), normalised by inet_pton/inet_ntop; "" when there is none.
std::string received_from_ip(std::string_view raw);

// Whether `ip` is a loopback address (127/8, ::1): such a hop never left the
// machine, so its lack of TLS is not a finding.
bool is_loopback_ip(std::string_view ip);

} // namespace inboxprobe
