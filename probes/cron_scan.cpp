#include "probes/cron_scan.h"

#include "engine/core/text.h"

namespace vtune {

std::vector<int> drop_caches_lines(std::string_view text) {
  std::vector<int> found;
  int number = 0;
  for (std::string_view line : lines(text)) {
    ++number;
    std::string_view body = trim(line);
    if (body.empty() || body.front() == '#') continue;
    bool writes_file = body.find("/proc/sys/vm/drop_caches") != std::string_view::npos;
    bool via_sysctl = body.find("vm.drop_caches") != std::string_view::npos &&
                      body.find("sysctl") != std::string_view::npos;
    if (writes_file || via_sysctl) found.push_back(number);
  }
  return found;
}

}  // namespace vtune
