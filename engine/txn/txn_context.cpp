#include "engine/txn/txn_context.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace vtune {

HostFs& TxnHost::fs_for(std::string_view path) const {
  std::string dir = store.dir;
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  if (path.starts_with(dir) && (path.size() == dir.size() || path[dir.size()] == '/'))
    return store.fs;
  return fs;
}

TxnHost make_txn_host(const ApplierSet& appliers, HostFs& fs, TxnStore store) {
  return TxnHost{[&appliers](KnobKind k) -> const Applier& { return appliers.applier_for(k); }, fs,
                 std::move(store)};
}

std::string make_txn_id() {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  long ms = static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d-%02d%02d%02d.%03ld-%ld", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms,
                static_cast<long>(::getpid()));
  return buf;
}

std::string iso_utc(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::time_t now_epoch() {
  return std::time(nullptr);
}

}  // namespace vtune
