#pragma once
// The records of an apply transaction's journal (docs/journal.md), one JSON object a line.
// One struct with a kind: each kind uses the fields its comment names and leaves the others
// empty. Byte fields (before-images, file contents) hold any bytes and round-trip exactly;
// typed values (Json) round-trip exactly too, strings that are not UTF-8 included.
#include <optional>
#include <string>
#include <string_view>

#include "appliers/applier.h"
#include "engine/core/json.h"

namespace vtune {

// Bumped when a record's meaning changes; a reader refuses a journal of a later version.
inline constexpr int kJournalSchemaVersion = 1;

enum class RecordKind {
  Begin,            // id, time, profile, vtune_version, schema_version
  Intent,           // seq, knob, target, before, value (to write)
  Done,             // seq, value (read back), activation
  Failed,           // seq, error
  Commit,           // (none)
  AwaitingConfirm,  // deadline (ISO), deadline_epoch
  Confirm,          // time
  RollbackBegin,    // reason ("failure", "requested", "unconfirmed")
  Restored,         // seq, how ("restored" | "unchanged")
  LeftAlone,        // seq, value (the current value, which vtune did not write), error (why)
  RestoreFailed,    // seq, error
  RollbackDone,     // (none)
  VerifyBegin,      // verification (what is measured, how: docs/verify.md)
  VerifyArm,        // reason ("baseline" | "candidate"): the values about to be written
  VerifyResult,     // verification (the verdicts and the raw samples)
};
const char* record_kind_name(RecordKind kind);  // "begin", "intent", ... "rollback_done"
std::optional<RecordKind> parse_record_kind(std::string_view name);

// Intents that are not an applier's knob: the files and links persistence writes at commit.
// Their knob is "file:/etc/sysctl.d/90-vtune.conf" or "link:/etc/systemd/...".
inline constexpr std::string_view kFileKnobPrefix = "file:";
inline constexpr std::string_view kLinkKnobPrefix = "link:";

struct JournalRecord {
  RecordKind kind = RecordKind::Begin;
  // begin
  std::string id, time, profile, vtune_version;
  int schema_version = kJournalSchemaVersion;
  // intent, done, failed, restored, left_alone, restore_failed: the item, numbered from 1
  // in the order of intents
  long seq = 0;
  // intent
  std::string knob;    // "sysctl:net.core.somaxconn"
  std::string target;  // the resolved path or interface: "/proc/sys/net/core/somaxconn"
  BeforeImage before;  // the applier's before-image (appliers/applier.h)
  // intent: the value to write; done: the value read back; left_alone: the current value
  Json value;
  // done: what makes the value take effect ("" when live at once)
  std::string activation;
  // failed, restore_failed, left_alone: why
  std::string error;
  // awaiting_confirm: the deadline, ISO UTC and seconds since the epoch
  std::string deadline;
  long long deadline_epoch = 0;
  // rollback_begin: why ("failure", "requested", "unconfirmed", "verification"); restored:
  // "restored" or "unchanged" (it already held the before); verify_arm: the arm
  std::string reason;
  // verify_begin, verify_result: what verification measured and concluded
  Json verification;
  bool operator==(const JournalRecord&) const = default;
};

// One line of the journal, without its newline; never contains a raw newline.
std::string encode_record(const JournalRecord& record);
// The record of one line, or why it is not one (the reason is for a diagnostic).
struct DecodedRecord {
  std::optional<JournalRecord> record;
  std::string reason;
  // A whole begin record of a schema_version this vtune does not read: never "torn".
  bool unsupported_version = false;
};
DecodedRecord decode_record(std::string_view line);

}  // namespace vtune
