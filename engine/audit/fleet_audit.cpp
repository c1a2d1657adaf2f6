#include "engine/audit/fleet_audit.h"

namespace vtune {

std::string_view host_status_name(HostStatus s) {
  switch (s) {
    case HostStatus::Compliant:
      return "compliant";
    case HostStatus::Drift:
      return "drift";
    case HostStatus::Incomplete:
      return "incomplete";
    case HostStatus::Error:
      return "error";
    case HostStatus::Failed:
      return "failed";
  }
  return "failed";
}

int AuditHost::exit_code() const {
  switch (status) {
    case HostStatus::Compliant:
      return 0;
    case HostStatus::Drift:
      return kExitDrift;
    case HostStatus::Incomplete:
      return kExitIncomplete;
    case HostStatus::Error:
    case HostStatus::Failed:
      return kExitError;
  }
  return kExitError;
}

bool needs_attention(ItemState s) {
  return s != ItemState::Compliant && s != ItemState::NotApplicable;
}

int state_severity(ItemState s) {
  switch (s) {
    case ItemState::NotApplicable:
      return 0;
    case ItemState::Compliant:
      return 1;
    case ItemState::Waived:
      return 2;
    case ItemState::Advisory:
      return 3;
    case ItemState::Unknown:
      return 4;
    case ItemState::Change:
      return 5;
    case ItemState::Error:
      return 6;
  }
  return 6;
}

int audit_exit_code(const FleetAudit& audit) {
  bool drift = false, incomplete = false;
  for (const AuditHost& h : audit.hosts) {
    if (h.status == HostStatus::Error || h.status == HostStatus::Failed) return kExitError;
    drift = drift || h.status == HostStatus::Drift;
    incomplete = incomplete || h.status == HostStatus::Incomplete;
  }
  if (drift) return kExitDrift;
  return incomplete ? kExitIncomplete : 0;
}

}  // namespace vtune
