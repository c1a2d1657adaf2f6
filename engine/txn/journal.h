#pragma once
// The journal of one apply transaction: STATE/journal/<id>.jsonl, one record a line
// (docs/journal.md). STATE is /var/lib/vtune on the host (kStateDir), or --state-dir. Writing goes
// through HostFs::append_file, which returns only once the record is durable; reading tolerates a
// torn last line (a crash mid-append).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/host_fs.h"
#include "engine/txn/journal_record.h"

namespace vtune {

inline constexpr std::string_view kStateDir = "/var/lib/vtune";
inline constexpr unsigned kStateDirMode = 0700;
inline constexpr unsigned kJournalDirMode = 0700;
inline constexpr unsigned kJournalFileMode = 0600;

std::string journal_dir(std::string_view state_dir);                        // "STATE/journal"
std::string journal_path(std::string_view state_dir, std::string_view id);  // ".../<id>.jsonl"

struct JournalRead;

class Journal {
 public:
  // Does not touch the host; open() creates the directory.
  Journal(HostFs& fs, std::string_view state_dir, std::string id)
      : fs_(fs),
        id_(std::move(id)),
        dir_(journal_dir(state_dir)),
        path_(journal_path(state_dir, id_)) {}
  Result<void> open();
  // Reopens an existing journal (to roll it back) and returns what it holds. A torn last
  // line is cut off first (the file is atomically replaced by its complete lines), so the
  // next append starts a line of its own instead of joining the fragment.
  Result<JournalRead> resume();
  // Appends one record, durably. On failure the record may be missing or torn on disk, never
  // complete: the caller must not act on it (write the host) and must stop. Counts for the
  // failpoint (failpoint.h).
  Result<void> append(const JournalRecord& record);
  const std::string& path() const { return path_; }
  const std::string& id() const { return id_; }

 private:
  HostFs& fs_;
  std::string id_, dir_, path_;
};

struct JournalRead {
  std::vector<JournalRecord> records;  // the complete records, in order
  // Set when the last line was torn (no newline, or it does not decode): what was wrong.
  // That record is not in `records`.
  std::optional<std::string> torn;
  size_t complete_bytes = 0;  // the length of the file's complete lines
};

// The journal at `path`. Fails on a read error, and on a bad line that is not the last
// (the message names its line number), or a first record that is not a begin.
Result<JournalRead> read_journal(const HostFs& fs, std::string_view path);

}  // namespace vtune
