// The output of `inboxprobe analyze`: the ProbeResult of one message as text
// for a terminal or as a small self-contained HTML page (inline CSS, no
// scripts, every mail-derived string escaped) and as JSON (record_json's form).
#pragma once

#include <core/model.hpp>

#include <ostream>
#include <string>
#include <string_view>

namespace inboxprobe {

// One block per topic: verdicts, A-R fields, own DKIM/SPF/DMARC/ARC, hops,
// compliance, spam verdict, findings with advice and RFC section.
void print_analysis_text(const ProbeResult& result, std::ostream& out);

// A complete HTML5 document titled with `title` (escaped like everything else).
std::string render_analysis_html(const ProbeResult& result, std::string_view title);

// The record_json form of `result`, indented, ending in a newline. Bytes of
// the message that are not UTF-8 (RFC 8259 §8.1 requires it) are written as
// U+FFFD, as the history database stores them.
std::string render_analysis_json(const ProbeResult& result);

// `text` safe inside HTML text and double-quoted attributes: & < > " ' as
// entities, other control characters (except TAB and LF) as U+FFFD.
std::string escape_html(std::string_view text);

} // namespace inboxprobe
