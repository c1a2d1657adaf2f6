#pragma once
// The records of an apply transaction's journal (docs/journal.md), one JSON object a line.
// One struct with a kind: each kind uses the fields its comment names and leaves the others
// empty. Byte fields (before-images, values) hold any bytes and round-trip exactly.
#include <optional>
#include <string>
#include <string_view>

namespace vtune {

// Bumped when a record's meaning changes; a reader refuses a journal of a later version.
inline constexpr int kJournalSchemaVersion = 1;

enum class RecordKind {
  Begin,          // id, time, profile, vtune_version, schema_version
  Intent,         // seq, knob, target, before, value (to write)
  Done,           // seq, value (read back)
  Failed,         // seq, error
  Commit,         // (none)
  RollbackBegin,  // (none)
  Restored,       // seq
  RollbackDone,   // (none)
};
const char* record_kind_name(RecordKind kind);  // "begin", "intent", ... "rollback_done"
std::optional<RecordKind> parse_record_kind(std::string_view name);

// What a persisted target (a config file vtune rewrites) held before the write. A live
// target (a sysctl, a sysfs attribute, a NIC setting) has only the raw value.
enum class FileImage { None, Absent, Present };

struct BeforeImage {
  std::string raw;  // the value as read from the target before the write
  FileImage file = FileImage::None;
  std::string file_bytes;  // the file's exact contents, when file == Present
  bool operator==(const BeforeImage&) const = default;
};

struct JournalRecord {
  RecordKind kind = RecordKind::Begin;
  // begin
  std::string id, time, profile, vtune_version;
  int schema_version = kJournalSchemaVersion;
  // intent, done, failed, restored: the item, numbered from 1 in the order of intents
  long seq = 0;
  // intent
  std::string knob;    // "sysctl:net.core.somaxconn"
  std::string target;  // the resolved path or interface: "/proc/sys/net/core/somaxconn"
  BeforeImage before;
  // intent: the value to write; done: the value read back
  std::string value;
  // failed
  std::string error;
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
