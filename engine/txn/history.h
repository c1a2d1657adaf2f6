#pragma once
// `vtune history`: every transaction in the state directory, oldest first, with its state
// and counts, from the journals alone.
#include <string>
#include <vector>

#include "engine/core/json.h"
#include "engine/txn/txn_context.h"
#include "engine/txn/txn_state.h"

namespace vtune {

struct HistoryEntry {
  std::string id, time, profile;
  std::string state;  // txn_state_name, or "unreadable"
  int items = 0;      // intents
  int applied = 0;    // done
  int failed = 0;
  int restored = 0;      // restored (or found unchanged) by a rollback
  int left_alone = 0;    // left alone by a rollback (changed by someone since)
  std::string deadline;  // awaiting_confirm's
  std::string error;     // why the journal cannot be read
  bool torn = false;     // its last line was torn (a crash mid-append)
  // verify_result's verdicts and samples (docs/verify.md); null when not verified.
  Json verification;
  std::string verify_arm;  // set when a crash left it verifying: the arm it was in
};

Result<std::vector<HistoryEntry>> read_history(const HostFs& fs, std::string_view state_dir);
Json history_to_json(const std::vector<HistoryEntry>& entries);  // {"schema_version":1, ...}
std::string render_history_text(const std::vector<HistoryEntry>& entries);

}  // namespace vtune
