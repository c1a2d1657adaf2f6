#pragma once
// Pure readers for the module lists depmod writes under /lib/modules/<release>: which TCP
// congestion control algorithms this kernel could run without a new package.
#include <set>
#include <string>
#include <string_view>

namespace vtune {

// The algorithms built as modules (modules.dep) or into the kernel (modules.builtin):
// "kernel/net/ipv4/tcp_bbr.ko" (with any compression suffix, .ko.xz/.ko.zst/.ko.gz) -> "bbr".
// tcp_diag (socket monitoring, not an algorithm) is skipped. A modules.dep line is
// "path: dependencies"; modules.builtin lines are bare paths.
std::set<std::string> congestion_modules(std::string_view module_list);

// The words of tcp_available_congestion_control ("reno cubic").
std::set<std::string> congestion_words(std::string_view text);

}  // namespace vtune
