#pragma once
// `vtune confirm [ID]`: keeps a change applied with --confirm-within. Under the lock, the
// transaction (ID, or the newest one awaiting) gets a confirm record, if its deadline has
// not passed; the watchdog then finds it confirmed and leaves it.
#include <optional>
#include <string>

#include "engine/txn/txn_context.h"

namespace vtune {

inline constexpr int kConfirmExitOk = 0;
inline constexpr int kConfirmExitNothing = 1;

struct ConfirmResult {
  int exit_code = kConfirmExitNothing;
  std::string id;
  std::string message;
};

ConfirmResult confirm_transaction(const TxnStore& store, const std::optional<std::string>& id);

}  // namespace vtune
