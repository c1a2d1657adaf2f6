#include "engine/plan/plan.h"

namespace vtune {

std::string_view item_state_name(ItemState s) {
  switch (s) {
    case ItemState::Compliant:
      return "compliant";
    case ItemState::Change:
      return "change";
    case ItemState::Advisory:
      return "advisory";
    case ItemState::NotApplicable:
      return "not-applicable";
    case ItemState::Waived:
      return "waived";
    case ItemState::Error:
      return "error";
    case ItemState::Unknown:
      return "unknown";
  }
  return "error";
}

PlanCounts Plan::counts() const {
  PlanCounts c;
  for (const PlanItem& i : items) {
    switch (i.state) {
      case ItemState::Compliant:
        ++c.compliant;
        break;
      case ItemState::Change:
        ++c.change;
        break;
      case ItemState::Advisory:
        ++c.advisory;
        break;
      case ItemState::NotApplicable:
        ++c.not_applicable;
        break;
      case ItemState::Waived:
        ++c.waived;
        break;
      case ItemState::Error:
        ++c.error;
        break;
      case ItemState::Unknown:
        ++c.unknown;
        break;
    }
  }
  return c;
}

int plan_exit_code(const Plan& plan) {
  PlanCounts c = plan.counts();
  if (c.error > 0) return kExitError;   // a failed read or validation needs a fix first
  if (c.change > 0) return kExitDrift;  // known drift is what a fleet run acts on
  if (c.unknown > 0) return kExitIncomplete;
  return 0;
}

}  // namespace vtune
