// HTML escaping for the reports (HTML Living Standard §13.1 "Writing HTML
// documents"; Unicode TR #36 §3.5 and CVE-2021-42574 for bidi overrides).
// Every string that came from mail, a server or the configuration goes through
// one of these two functions before it reaches a report: the reports never
// trust a subject, a folder name, an SMTP reply or an Authentication-Results
// field to be harmless.
//
// Both functions:
// - escape `&` `<` `>` `"` `'` as `&amp;` `&lt;` `&gt;` `&quot;` `&#39;`;
// - replace each maximal ill-formed UTF-8 subsequence (WHATWG Encoding §4.1,
//   the Unicode "maximal subpart" practice) with U+FFFD, written as UTF-8;
// - replace C0 controls other than TAB and LF (so NUL and CR too), DEL and C1
//   controls (U+0080-U+009F) with U+FFFD: HTML treats them as parse errors and
//   a terminal or mail client may act on them;
// - show the bidi embedding, override and isolate characters (U+202A-U+202E,
//   U+2066-U+2069) as the visible text `<U+202E>` (escaped: `&lt;U+202E&gt;`)
//   instead of letting them reorder what the reader sees.
#pragma once

#include <string>
#include <string_view>

namespace inboxprobe {

// `text` made safe as HTML element content (also inside inline SVG <text>).
// Never fails: any byte sequence gives valid UTF-8 without markup.
std::string escape_html_text(std::string_view text);

// `text` made safe as the value of a double-quoted attribute: everything
// escape_html_text does, plus TAB, LF and "`" written as `&#9;`, `&#10;` and
// `&#96;` so that the value stays one line and no legacy parser sees a quote.
// Never fails. Never use it to build a URL: the reports link to nothing
// derived from mail.
std::string escape_html_attribute(std::string_view text);

} // namespace inboxprobe
