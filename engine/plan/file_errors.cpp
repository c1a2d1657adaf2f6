#include "engine/plan/file_errors.h"

#include <map>
#include <string>

namespace vtune {
namespace {

constexpr std::string_view kFileKnobPrefixes[] = {"daemon_json:"};

bool file_backed(const PlanItem& i) {
  for (std::string_view p : kFileKnobPrefixes)
    if (i.knob.starts_with(p)) return true;
  return false;
}

}  // namespace

void merge_file_errors(std::vector<PlanItem>& items) {
  std::map<std::string, std::vector<size_t>> by_message;
  for (size_t i = 0; i < items.size(); ++i)
    if (items[i].state == ItemState::Error && file_backed(items[i]))
      by_message[items[i].message].push_back(i);
  std::vector<bool> drop(items.size(), false);
  for (auto& [message, group] : by_message) {
    if (group.size() < 2) continue;
    PlanItem& first = items[group[0]];
    std::string waiting;
    for (size_t i : group) {
      const PlanItem& item = items[i];
      waiting += (waiting.empty() ? "" : ", ") + item.knob + " [" + item.rule + "]";
      if (i != group[0]) drop[i] = true;
    }
    first.message = message + "; no change to this file is planned until it is fixed (" +
                    std::to_string(group.size()) + " settings wait on it: " + waiting + ")";
    first.knob.clear();
    first.current = nullptr;
    first.desired = nullptr;
    first.provenance.reset();
  }
  std::vector<PlanItem> kept;
  kept.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i)
    if (!drop[i]) kept.push_back(std::move(items[i]));
  items = std::move(kept);
}

}  // namespace vtune
