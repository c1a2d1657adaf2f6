#include "engine/txn/failpoint.h"

#include <csignal>
#include <cstdlib>

namespace vtune {

std::optional<long> parse_journal_failpoint(std::string_view spec) {
  constexpr std::string_view kPrefix = "journal:";
  if (!spec.starts_with(kPrefix)) return std::nullopt;
  std::string_view n = spec.substr(kPrefix.size());
  if (n.empty() || n.size() > 9) return std::nullopt;
  long k = 0;
  for (char c : n) {
    if (c < '0' || c > '9') return std::nullopt;
    k = k * 10 + (c - '0');
  }
  if (k < 1) return std::nullopt;
  return k;
}

void failpoint_after_journal_record() {
  static const std::optional<long> kill_at = [] {
    const char* env = std::getenv("VTUNE_FAILPOINT");
    return env ? parse_journal_failpoint(env) : std::nullopt;
  }();
  static long appended = 0;
  if (!kill_at) return;
  if (++appended == *kill_at) std::raise(SIGKILL);
}

}  // namespace vtune
