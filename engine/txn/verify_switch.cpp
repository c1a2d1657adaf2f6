#include "engine/txn/verify_switch.h"

#include "engine/facts/json_text.h"

namespace vtune {
namespace {

SysError switch_error(std::string what) {
  return SysError{0, "", std::move(what)};
}

}  // namespace

const char* arm_name(Arm a) {
  return a == Arm::Baseline ? "baseline" : "candidate";
}

Result<void> TxnArmSwitch::switch_to(Arm arm) {
  JournalRecord rec;
  rec.kind = RecordKind::VerifyArm;
  rec.reason = arm_name(arm);
  if (Result<void> a = journal_.append(rec); !a)
    return switch_error("the journal could not be written: " + a.error().message());
  arm_ = arm;
  auto one = [&](const SwitchItem& it) -> Result<void> {
    const Applier& applier = host_.applier_for(it.knob.kind);
    const Json& want = arm == Arm::Baseline ? it.before.value : it.desired;
    if (arm == Arm::Baseline) {
      if (Result<void> r = applier.restore(it.knob, it.before); !r)
        return switch_error(format_knob(it.knob) + ": " + r.error().message());
    } else if (Result<WriteEffect> w = applier.write(it.knob, it.desired); !w) {
      return switch_error(format_knob(it.knob) + ": " + w.error().message());
    }
    Result<KnobValue> back = applier.read(it.knob);
    if (!back)
      return switch_error(format_knob(it.knob) +
                          ": cannot be read back: " + back.error().message());
    if (!applier.equal(it.knob, back->value, want))
      return switch_error(format_knob(it.knob) + ": reads back " + dump_json(back->value) +
                          ", not the " + arm_name(arm) + "'s " + dump_json(want));
    return {};
  };
  if (arm == Arm::Baseline) {
    for (auto it = items_.rbegin(); it != items_.rend(); ++it)
      if (Result<void> r = one(*it); !r) return r;
  } else {
    for (const SwitchItem& it : items_)
      if (Result<void> r = one(it); !r) return r;
  }
  return {};
}

}  // namespace vtune
