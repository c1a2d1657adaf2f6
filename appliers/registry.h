#pragma once
// The appliers of one run, one per knob kind, built from one explicit table (registry.cpp).
#include <array>
#include <memory>
#include <optional>
#include <string>

#include "appliers/applier.h"

namespace vtune {

class ApplierSet {
 public:
  // `ctx`'s members must outlive the set.
  explicit ApplierSet(const ApplierContext& ctx);
  ~ApplierSet();
  ApplierSet(const ApplierSet&) = delete;
  ApplierSet& operator=(const ApplierSet&) = delete;

  const Applier& applier_for(KnobKind kind) const;
  // The filesystem the appliers read (the planner expands sysfs globs on it).
  const HostFs& fs() const { return fs_; }

 private:
  const HostFs& fs_;
  std::array<std::unique_ptr<Applier>, std::size(kAllKnobKinds)> appliers_;
};

}  // namespace vtune
