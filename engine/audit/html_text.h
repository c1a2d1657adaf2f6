#pragma once
// Making snapshot text safe inside an HTML report. A snapshot is untrusted input: a host name
// or a sysctl value may hold "<script>", quotes or bytes that are not UTF-8.
#include <string>
#include <string_view>

#include "engine/core/json.h"

namespace vtune {

// `s` as HTML text or attribute value: & < > " ' become character references (xml_escape); control
// characters and bytes that are not UTF-8 take the text plan's visible \xHH form first
// (escape_control_line), so nothing is lost and nothing is markup.
std::string html_escape(std::string_view s);

// `doc` as the body of <script type="application/json">: the JSON text (U+FFFD for bytes
// that are not UTF-8) with every <, > and & written as \u003c, \u003e, \u0026 and U+2028/9
// as \u2028/\u2029, so no value can close the element or open a comment; JSON.parse reads
// it back unchanged.
std::string json_for_script(const Json& doc);

}  // namespace vtune
