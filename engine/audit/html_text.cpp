#include "engine/audit/html_text.h"

#include "engine/core/text_escape.h"
#include "engine/facts/json_text.h"
#include "engine/report/plan_junit.h"

namespace vtune {

std::string html_escape(std::string_view raw) {
  // After escape_control_line no control character or stray byte is left, so xml_escape only
  // writes the five references, which HTML5 reads the same way.
  return xml_escape(escape_control_line(raw));
}

std::string json_for_script(const Json& doc) {
  std::string text = dump_json(doc);
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else if (c == '\xe2' && i + 2 < text.size() && text[i + 1] == '\x80' &&
               (text[i + 2] == '\xa8' || text[i + 2] == '\xa9')) {
      out += text[i + 2] == '\xa8' ? "\\u2028" : "\\u2029";  // JS line terminators
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace vtune
