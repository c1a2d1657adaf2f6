#include "engine/txn/intent_ops.h"

#include <filesystem>

namespace vtune {
namespace {

bool is_file_intent(const JournalRecord& i) {
  return i.knob.starts_with(kFileKnobPrefix);
}
bool is_link_intent(const JournalRecord& i) {
  return i.knob.starts_with(kLinkKnobPrefix);
}

std::string parent_of(std::string_view path) {
  return std::filesystem::path(std::string(path)).parent_path().string();
}

// What is at a link intent's path: its target, null when nothing is there, or a marker
// object when something that is not a link is in the way.
Result<Json> link_state(const HostFs& fs, std::string_view path) {
  Result<FileMode> m = fs.mode(path, FollowLinks::No);
  if (!m) {
    if (m.error().err == ENOENT) return Json();
    return m.error();
  }
  if (m->kind != EntryKind::Link) return Json{{"not_a_link", true}};
  Result<std::string> t = fs.read_link(path);
  if (!t) return t.error();
  return Json(*t);
}

Result<Json> file_state(const HostFs& fs, std::string_view path) {
  Result<std::string> text = fs.read_file(path);
  if (!text) {
    if (text.error().err == ENOENT) return Json();
    return text.error();
  }
  return Json(std::move(*text));
}

Result<Knob> knob_of(const JournalRecord& intent) {
  KnobParse k = parse_knob(intent.knob);
  if (!k) return SysError{0, intent.knob, "journal knob: " + k.error};
  return *k.knob;
}

}  // namespace

Result<Json> intent_current(const TxnHost& host, const JournalRecord& intent) {
  if (is_file_intent(intent)) return file_state(host.fs_for(intent.target), intent.target);
  if (is_link_intent(intent)) return link_state(host.fs_for(intent.target), intent.target);
  Result<Knob> knob = knob_of(intent);
  if (!knob) return knob.error();
  Result<KnobValue> v = host.applier_for(knob->kind).read(*knob);
  if (!v) return v.error();
  return v->value;
}

bool intent_equal(const TxnHost& host, const JournalRecord& intent, const Json& a, const Json& b) {
  if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
  if (is_file_intent(intent) || is_link_intent(intent)) return a == b;
  Result<Knob> knob = knob_of(intent);
  if (!knob) return false;
  return host.applier_for(knob->kind).equal(*knob, a, b);
}

Result<void> intent_restore(const TxnHost& host, const JournalRecord& intent) {
  if (is_file_intent(intent)) {
    HostFs& fs = host.fs_for(intent.target);
    if (intent.before.files.empty()) return SysError{0, intent.target, "no before-image for"};
    const FileImage& f = intent.before.files.front();
    if (!f.existed) {
      Result<void> r = fs.remove(f.path);
      if (!r && r.error().err != ENOENT) return r;
      return {};
    }
    return fs.replace_file(f.path, f.bytes, f.mode);
  }
  if (is_link_intent(intent)) {
    HostFs& fs = host.fs_for(intent.target);
    Result<Json> now = link_state(fs, intent.target);
    if (!now) return now.error();
    if (now->is_object())
      return SysError{EEXIST, intent.target, "restore link (something else is there now)"};
    if (!now->is_null())
      if (Result<void> r = fs.remove(intent.target); !r) return r;
    if (intent.before.value.is_string())
      return fs.make_link(intent.target, intent.before.value.get<std::string>());
    return {};
  }
  Result<Knob> knob = knob_of(intent);
  if (!knob) return knob.error();
  return host.applier_for(knob->kind).restore(*knob, intent.before);
}

Result<JournalRecord> file_intent(const TxnHost& host, const PersistFile& file) {
  HostFs& fs = host.fs_for(file.path);
  JournalRecord r;
  r.kind = RecordKind::Intent;
  r.knob = std::string(kFileKnobPrefix) + file.path;
  r.target = file.path;
  FileImage img;
  img.path = file.path;
  img.mode = file.mode;
  Result<std::string> old = fs.read_file(file.path);
  if (old) {
    img.existed = true;
    img.bytes = *old;
    if (Result<FileMode> m = fs.mode(file.path, FollowLinks::No); m) img.mode = m->perms;
    r.before.value = Json(*old);
    r.before.raw = *old;
  } else if (old.error().err != ENOENT) {
    return old.error();
  }
  r.before.files.push_back(std::move(img));
  r.value = Json(file.bytes);
  return r;
}

Result<JournalRecord> link_intent(const TxnHost& host, const PersistLink& link) {
  HostFs& fs = host.fs_for(link.path);
  Result<Json> now = link_state(fs, link.path);
  if (!now) return now.error();
  if (now->is_object())
    return SysError{EEXIST, fs.describe(link.path),
                    "make link (a file that is not a link is there)"};
  JournalRecord r;
  r.kind = RecordKind::Intent;
  r.knob = std::string(kLinkKnobPrefix) + link.path;
  r.target = link.path;
  r.before.value = *now;
  if (now->is_string()) r.before.raw = now->get<std::string>();
  r.value = Json(link.target);
  return r;
}

Result<void> write_file_intent(const TxnHost& host, const JournalRecord& intent) {
  HostFs& fs = host.fs_for(intent.target);
  if (Result<void> d = fs.make_dirs(parent_of(intent.target), 0755); !d) return d;
  if (is_file_intent(intent)) {
    unsigned mode = intent.before.files.empty() ? 0644 : intent.before.files.front().mode;
    return fs.replace_file(intent.target, intent.value.get<std::string>(), mode);
  }
  if (!intent.before.value.is_null())
    if (Result<void> r = fs.remove(intent.target); !r) return r;
  return fs.make_link(intent.target, intent.value.get<std::string>());
}

}  // namespace vtune
