#pragma once
// Module options in modprobe.d(5) files:
//   # comment
//   options vmw_pvscsi cmd_per_lun=254 ring_pages=32
//   options mod param="a value with spaces" \
//           other=1                          (a trailing '\' continues the line)
// Module names treat '-' and '_' alike (kmod does); parameter names keep their spelling.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vtune {

struct ModprobeOption {
  int line = 0;        // 1-based, the line the directive starts on
  std::string module;  // '-' turned to '_'
  std::string param;
  std::string value;  // unquoted; "" for a bare `param` (a boolean set true)
};

struct ModprobeConfProblem {
  int line = 0;
  std::string message;
};

struct ModprobeConfParse {
  std::vector<ModprobeOption> options;  // in file order
  std::vector<ModprobeConfProblem> problems;
};

ModprobeConfParse parse_modprobe_conf(std::string_view text);

// "vmw-pvscsi" -> "vmw_pvscsi".
std::string normalize_module_name(std::string_view module);

}  // namespace vtune
