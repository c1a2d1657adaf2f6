#include "engine/audit/audit_text.h"

#include <algorithm>

#include "engine/audit/fleet_summary.h"
#include "engine/core/text_escape.h"

namespace vtune {
namespace {

const char* status_color(HostStatus s) {
  switch (s) {
    case HostStatus::Compliant:
      return "\033[32m";
    case HostStatus::Drift:
      return "\033[33m";
    case HostStatus::Incomplete:
      return "\033[35;1m";
    case HostStatus::Error:
    case HostStatus::Failed:
      return "\033[31;1m";
  }
  return nullptr;
}

std::string paint(const std::string& text, const char* color, bool on) {
  return on && color ? std::string(color) + text + "\033[0m" : text;
}

std::string pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string plural(int n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// "154 to change, 1 error, 3 unknown, 2 advisories", leaving out the zeros.
std::string attention_counts(const PlanCounts& c) {
  std::vector<std::string> parts;
  if (c.change) parts.push_back(std::to_string(c.change) + " to change");
  if (c.error) parts.push_back(plural(c.error, "error", "errors"));
  if (c.unknown) parts.push_back(std::to_string(c.unknown) + " unknown");
  if (c.advisory) parts.push_back(plural(c.advisory, "advisory", "advisories"));
  if (c.waived) parts.push_back(std::to_string(c.waived) + " waived");
  if (parts.empty()) return std::to_string(c.compliant) + " compliant";
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

std::string host_label(const AuditHost& h) {
  std::string label = escape_control_line(h.name);
  if (!h.hostname.empty() && h.hostname != h.name)
    label += " (" + escape_control_line(h.hostname) + ")";
  return label;
}

std::string more_line(size_t shown, size_t total, const char* what) {
  if (total <= shown) return {};
  return "  (" + std::to_string(total - shown) + " more " + what +
         "; --format json or --html lists them all)\n";
}

std::string rules_section(const FleetAudit& audit, const AuditTextOptions& o) {
  std::vector<RuleTally> drifting;
  for (const RuleTally& r : rules_by_drift(audit))
    if (r.with(ItemState::Change) > 0 || r.with(ItemState::Error) > 0) drifting.push_back(r);
  if (drifting.empty()) return "\nno rule drifts or fails on any host\n";
  std::string out = "\nrules that drift on the most hosts (" + std::to_string(drifting.size()) +
                    " of " + std::to_string(audit.rules.size()) + " rules):\n";
  size_t shown = std::min(drifting.size(), o.top);
  size_t width = 0;
  for (size_t i = 0; i < shown; ++i)
    width = std::max(width, audit.rules[drifting[i].rule].id.size());
  for (size_t i = 0; i < shown; ++i) {
    const RuleTally& t = drifting[i];
    const AuditRule& r = audit.rules[t.rule];
    std::string line = "  " +
                       pad(std::to_string(t.with(ItemState::Change)) + "/" +
                               std::to_string(audit.hosts.size()) + " hosts",
                           14) +
                       pad(r.id, width + 2) + r.title;
    if (int e = t.with(ItemState::Error)) line += "  (" + plural(e, "host", "hosts") + " in error)";
    out += line + "\n";
  }
  return out + more_line(shown, drifting.size(), "rules");
}

std::string hosts_section(const FleetAudit& audit, const AuditTextOptions& o) {
  std::vector<size_t> worst;
  for (size_t i : hosts_worst_first(audit)) {
    HostStatus s = audit.hosts[i].status;
    if (s == HostStatus::Drift || s == HostStatus::Error || s == HostStatus::Incomplete)
      worst.push_back(i);
  }
  if (worst.empty()) return {};
  std::string out = "\nworst hosts:\n";
  size_t shown = std::min(worst.size(), o.top);
  size_t width = 0;
  for (size_t k = 0; k < shown; ++k)
    width = std::max(width, host_label(audit.hosts[worst[k]]).size());
  for (size_t k = 0; k < shown; ++k) {
    const AuditHost& h = audit.hosts[worst[k]];
    out +=
        "  " + pad(host_label(h), width + 2) +
        paint(pad(std::string(host_status_name(h.status)), 12), status_color(h.status), o.color) +
        attention_counts(h.counts) + "\n";
  }
  return out + more_line(shown, worst.size(), "hosts");
}

std::string failed_section(const FleetAudit& audit, const AuditTextOptions& o) {
  std::vector<const AuditHost*> failed;
  for (const AuditHost& h : audit.hosts)
    if (h.status == HostStatus::Failed) failed.push_back(&h);
  if (failed.empty()) return {};
  std::string out =
      "\n" + paint("could not be audited", status_color(HostStatus::Failed), o.color) + ":\n";
  size_t shown = std::min(failed.size(), o.top);
  for (size_t k = 0; k < shown; ++k)
    out += "  " + escape_control_line(failed[k]->path) + ": " +
           escape_control_line(failed[k]->failure) + "\n";
  return out + more_line(shown, failed.size(), "snapshots");
}

}  // namespace

std::string render_audit_text(const FleetAudit& audit, const AuditTextOptions& o) {
  HostTally t = tally_hosts(audit);
  std::string chain;
  for (const std::string& p : audit.profile_chain) chain += (chain.empty() ? "" : " -> ") + p;
  std::string out = "audit of " + plural(t.hosts, "snapshot", "snapshots") + " against profile " +
                    audit.profile + " (" + chain + ")\n";
  auto count = [&](int n, HostStatus s) {
    std::string text = std::to_string(n) + " " + std::string(host_status_name(s));
    return n > 0 ? paint(text, status_color(s), o.color) : text;
  };
  out += plural(t.hosts, "host", "hosts") + ": " + count(t.compliant, HostStatus::Compliant) +
         ", " + count(t.drift, HostStatus::Drift) + ", " +
         count(t.incomplete, HostStatus::Incomplete) + ", " + count(t.error, HostStatus::Error) +
         ", " + count(t.failed, HostStatus::Failed) + "\n";
  out += rules_section(audit, o);
  out += hosts_section(audit, o);
  out += failed_section(audit, o);
  return out;
}

}  // namespace vtune
