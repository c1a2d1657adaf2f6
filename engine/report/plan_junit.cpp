#include "engine/report/plan_junit.h"
#include "engine/core/text_escape.h"
#include "engine/facts/json_text.h"

#include "engine/core/text.h"

namespace vtune {
namespace {

// The test case's name: the knob when the item sets one, else the rule id (advisories and
// checks), with the device appended when one rule produces an item per NIC or disk.
std::string case_name(const PlanItem& item) {
  std::string name = item.knob.empty() ? item.rule : item.knob;
  if (!item.device.empty() && name.find(item.device) == std::string::npos)
    name += " [" + item.device + "]";
  return name;
}

std::string drift_message(const PlanItem& item) {
  return "current " + plan_value_text(item.current) + ", desired " + plan_value_text(item.desired);
}

std::string skip_message(const PlanItem& item) {
  if (item.state == ItemState::Waived) {
    std::string m = "waived";
    if (!item.waiver_reason.empty()) m += ": " + item.waiver_reason;
    if (item.waiver_expires) m += " (until " + *item.waiver_expires + ")";
    return m;
  }
  return item.message.empty() ? std::string("not applicable") : "not applicable: " + item.message;
}

void append_testcase(std::string& out, const PlanItem& item) {
  out += "    <testcase classname=\"" + xml_escape(item.rule) + "\" name=\"" +
         xml_escape(case_name(item)) + "\"";
  switch (item.state) {
    case ItemState::Compliant:
      out += "/>\n";
      return;
    case ItemState::Change:
      out += ">\n      <failure type=\"drift\" message=\"" + xml_escape(drift_message(item)) +
             "\">" + xml_escape(item.message) + "</failure>\n";
      break;
    case ItemState::Error:
      out += ">\n      <error type=\"error\" message=\"" + xml_escape(item.message) + "\">" +
             xml_escape(item.message) + "</error>\n";
      break;
    case ItemState::Unknown:  // not checkable here: neither a pass nor a failure
      out += ">\n      <skipped message=\"" + xml_escape("unknown: " + item.message) + "\"/>\n";
      break;
    case ItemState::Waived:
    case ItemState::NotApplicable:
      out += ">\n      <skipped message=\"" + xml_escape(skip_message(item)) + "\"/>\n";
      break;
    case ItemState::Advisory:
      out += ">\n      <system-out>advisory: " + xml_escape(item.message) + "</system-out>\n";
      break;
  }
  out += "    </testcase>\n";
}

}  // namespace

std::string plan_value_text(const Json& value) {
  if (value.is_null()) return "unknown";
  if (value.is_string()) return value.get<std::string>();
  return dump_json(value);  // replaces invalid UTF-8 instead of throwing
}

// XML 1.0 carries only tab, newline, carriage return and U+0020..U+D7FF, U+E000..U+FFFD and
// above; the rest (other C0 controls, U+FFFE, U+FFFF) and bytes that are not UTF-8 become
// U+FFFD, so a host file's bytes can never make the report unparseable.
std::string xml_escape(std::string_view text) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t n = utf8_sequence_length(text, i);
    if (n == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    std::string_view seq = text.substr(i, n);
    i += n;
    if (seq == "\xEF\xBF\xBE" || seq == "\xEF\xBF\xBF") {
      out += kReplacement;
      continue;
    }
    if (n > 1) {
      out += seq;
      continue;
    }
    char c = seq[0];
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
        out += "&apos;";
        break;
      // Attribute-value normalisation would turn raw newlines and tabs into spaces.
      case '\n':
        out += "&#10;";
        break;
      case '\r':
        out += "&#13;";
        break;
      case '\t':
        out += "&#9;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20)
          out += kReplacement;
        else
          out += c;
    }
  }
  return out;
}

std::string render_plan_junit(const Plan& plan) {
  PlanCounts c = plan.counts();
  const std::string suite = "vtune." + plan.profile;
  const std::string counts = "tests=\"" + std::to_string(c.total()) + "\" failures=\"" +
                             std::to_string(c.change) + "\" errors=\"" + std::to_string(c.error) +
                             "\" skipped=\"" +
                             std::to_string(c.waived + c.not_applicable + c.unknown) + "\"";
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"vtune\" " + counts + ">\n";
  out += "  <testsuite name=\"" + xml_escape(suite) + "\" " + counts + " hostname=\"" +
         xml_escape(plan.hostname) + "\">\n";
  out += "    <properties>\n";
  out += "      <property name=\"profile\" value=\"" + xml_escape(plan.profile) + "\"/>\n";
  out += "      <property name=\"root\" value=\"" + xml_escape(plan.root) + "\"/>\n";
  out += "      <property name=\"advisories\" value=\"" + std::to_string(c.advisory) + "\"/>\n";
  out += "    </properties>\n";
  for (const PlanItem& item : plan.items) append_testcase(out, item);
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace vtune
