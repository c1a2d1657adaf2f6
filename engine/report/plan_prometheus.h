#pragma once
// The plan as Prometheus metrics in the node_exporter textfile-collector format
// (`vtune check --format prometheus --output /var/lib/prometheus/node-exporter/vtune.prom`,
// what vtune-check.timer runs: docs/monitoring.md):
//   vtune_rule_compliant{profile,rule}     1 when every item of the rule is compliant, waived
//                                          or not applicable, else 0
//   vtune_drift_items{profile}             items in state `change`
//   vtune_items{profile,state}             items per state, every state listed (0 included)
//   vtune_check_timestamp_seconds{profile} when the check ran (Unix time)
// Series are in a fixed order (rules sorted by id) so that two runs diff cleanly.
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/plan/plan.h"

namespace vtune {

// `timestamp` is the check time in seconds since the epoch; the overload without it uses now.
std::string render_plan_prometheus(const Plan& plan, int64_t timestamp);
std::string render_plan_prometheus(const Plan& plan);

// Label-value escaping of the text exposition format: backslash, double quote, newline.
std::string prometheus_label_escape(std::string_view value);

}  // namespace vtune
