#pragma once
// The plan as JUnit XML, for CI systems that show test reports (`vtune check --format junit`):
// one <testsuite name="vtune.<profile>">, one <testcase> per plan item. Drift (`change`) is a
// failure, an error item an <error>, waived and not-applicable items are skipped, and an
// advisory passes with its advice in <system-out>, so only drift and errors fail a pipeline.
#include <string>
#include <string_view>

#include "engine/core/json.h"
#include "engine/plan/plan.h"

namespace vtune {

std::string render_plan_junit(const Plan& plan);

// How the compliance renderers print a current or desired value: strings bare, null as
// "unknown", anything else as compact JSON.
std::string plan_value_text(const Json& value);

// XML 1.0 escaping of character data and attribute values. Characters XML 1.0 cannot carry
// at all (C0 controls other than tab, newline and carriage return) become U+FFFD.
std::string xml_escape(std::string_view text);

}  // namespace vtune
