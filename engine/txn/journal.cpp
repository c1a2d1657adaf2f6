#include "engine/txn/journal.h"

#include "engine/txn/failpoint.h"

namespace vtune {

std::string journal_dir(std::string_view state_dir) {
  std::string d(state_dir);
  while (d.size() > 1 && d.back() == '/') d.pop_back();
  return (d == "/" ? "" : d) + "/journal";
}

std::string journal_path(std::string_view state_dir, std::string_view id) {
  return journal_dir(state_dir) + "/" + std::string(id) + ".jsonl";
}

Result<void> Journal::open() {
  return fs_.make_dirs(dir_, kJournalDirMode);
}

Result<void> Journal::append(const JournalRecord& record) {
  Result<void> r = fs_.append_file(path_, encode_record(record) + "\n", kJournalFileMode);
  if (r) failpoint_after_journal_record();
  return r;
}

Result<JournalRead> Journal::resume() {
  Result<JournalRead> read = read_journal(fs_, path_);
  if (!read || !read->torn) return read;
  Result<std::string> text = fs_.read_file(path_);
  if (!text) return text.error();
  if (Result<void> cut =
          fs_.replace_file(path_, text->substr(0, read->complete_bytes), kJournalFileMode);
      !cut)
    return cut.error();
  return read;
}

namespace {
SysError corrupt(const HostFs& fs, std::string_view path, size_t line, const std::string& why) {
  return SysError{0, "", "journal " + fs.describe(path) + ":" + std::to_string(line) + ": " + why};
}
}  // namespace

Result<JournalRead> read_journal(const HostFs& fs, std::string_view path) {
  Result<std::string> text = fs.read_file(path);
  if (!text) return text.error();
  JournalRead out;
  const std::string& s = *text;
  size_t start = 0, line_no = 0;
  while (start < s.size()) {
    ++line_no;
    size_t nl = s.find('\n', start);
    bool complete = nl != std::string::npos;
    std::string_view line(s.data() + start, (complete ? nl : s.size()) - start);
    start = complete ? nl + 1 : s.size();
    bool last = start >= s.size();
    DecodedRecord d = decode_record(line);
    if (!complete) {
      // An append that did not finish: even a line that decodes was never confirmed durable.
      out.torn = "line " + std::to_string(line_no) + " has no newline (" +
                 std::to_string(line.size()) +
                 " bytes): " + (d.record ? "a record whose append did not finish" : d.reason);
      break;
    }
    if (!d.record) {
      if (last && !d.unsupported_version) {
        out.torn = "line " + std::to_string(line_no) + ": " + d.reason;
        break;
      }
      return corrupt(fs, path, line_no, d.reason);
    }
    if (out.records.empty() && d.record->kind != RecordKind::Begin)
      return corrupt(fs, path, line_no, "the first record is not a begin");
    if (!out.records.empty() && d.record->kind == RecordKind::Begin)
      return corrupt(fs, path, line_no, "a second begin");
    out.records.push_back(std::move(*d.record));
    out.complete_bytes = start;
  }
  return out;
}

}  // namespace vtune
