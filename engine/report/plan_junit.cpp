#include "engine/report/plan_junit.h"

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

std::string plan_value_text(const Facts& value) {
  if (value.is_null()) return "unknown";
  if (value.is_string()) return value.get<std::string>();
  // Replace invalid UTF-8 instead of throwing: values come from host files.
  return value.dump(-1, ' ', false, Facts::error_handler_t::replace);
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
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
          out += "\xEF\xBF\xBD";
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
                             "\" skipped=\"" + std::to_string(c.waived + c.not_applicable) + "\"";
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
