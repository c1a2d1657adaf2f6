#pragma once
// The ArmSwitch of an apply transaction (verify_hook.h): each change's before-image and new
// value, written through its applier and read back.
#include <vector>

#include "appliers/knob.h"
#include "engine/txn/journal.h"
#include "engine/txn/txn_context.h"
#include "engine/txn/verify_hook.h"

namespace vtune {

struct SwitchItem {
  Knob knob;
  BeforeImage before;
  Json desired;
};

class TxnArmSwitch final : public ArmSwitch {
 public:
  TxnArmSwitch(const TxnHost& host, Journal& journal, std::vector<SwitchItem> items)
      : host_(host), journal_(journal), items_(std::move(items)) {}
  Result<void> switch_to(Arm arm) override;
  Arm current() const override { return arm_; }

 private:
  const TxnHost& host_;
  Journal& journal_;
  std::vector<SwitchItem> items_;
  Arm arm_ = Arm::Candidate;  // every change has just been written
};

}  // namespace vtune
