#pragma once
// Module options in modprobe.d(5) files:
//   # comment
//   options vmw_pvscsi cmd_per_lun=254 ring_pages=32
//   options mod param="a value with spaces" other=1
// A trailing backslash continues a line onto the next one (modprobe.d(5)).
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

// The file vtune owns in modprobe.d. "90-" sorts after the distribution's and most sites'
// files, so its options come late in the list kmod hands the module (the last one wins).
inline constexpr std::string_view kVtuneModprobeConf = "/etc/modprobe.d/90-vtune.conf";

// `text` (a modprobe.d file; empty for a new one) with PARAM of MODULE set to VALUE. Every
// `options MODULE ...` directive of that file is merged into one line, at the place of the
// first: its parameters in order, PARAM's value replaced, or PARAM appended. Every other line
// (other modules, comments, other directives) is kept byte for byte; a new file starts with
// a comment saying vtune owns it. A value holding blanks is quoted. `value` must hold no
// quote, backslash or newline (the applier validates it).
std::string set_modprobe_option(std::string_view text, std::string_view module,
                                std::string_view param, std::string_view value);

}  // namespace vtune
