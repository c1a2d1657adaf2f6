#pragma once
// Finds scheduled jobs that drop the page cache (`echo 3 > /proc/sys/vm/drop_caches`), an
// anti-practice: it throws the cache away and hides memory pressure.
#include <string>
#include <string_view>
#include <vector>

namespace vtune {

// 1-based numbers of the lines in a crontab or script that write to drop_caches, ignoring
// comments. Matches `drop_caches` as written to by echo/tee/sysctl -w vm.drop_caches.
std::vector<int> drop_caches_lines(std::string_view text);

}  // namespace vtune
