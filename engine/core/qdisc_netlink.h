#pragma once
// The queueing disciplines of an interface, read live through rtnetlink (RTM_GETQDISC,
// as `tc qdisc show dev X` does). net.core.default_qdisc applies only to qdiscs created
// after it is set, so the sysctl alone says nothing about the interfaces already up.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/result.h"

namespace vtune {

struct QdiscState {
  std::string root;                   // TCA_KIND of the root qdisc ("mq", "fq", "pfifo_fast")
  std::vector<std::string> children;  // kinds of the root's direct children (an mq's per-queue
                                      // qdiscs), in class order
};

struct QdiscEntry {
  uint32_t handle = 0, parent = 0;
  std::string kind;
};

// From the qdiscs of one interface as the kernel dumps them: the one whose parent is
// TC_H_ROOT, and those whose parent's major number is the root's. ENOENT without a root.
Result<QdiscState> qdisc_state_of(const std::vector<QdiscEntry>& qdiscs, std::string_view ifname);

// Dumps the qdiscs of `ifname` in the caller's network namespace. ENODEV for an unknown
// interface.
Result<QdiscState> netlink_qdisc_state(std::string_view ifname);

}  // namespace vtune
