#include "probes/cmdline_args.h"

namespace vtune {

std::vector<std::string> split_cmdline(std::string_view cmdline) {
  std::vector<std::string> args;
  std::string current;
  bool in_arg = false;
  bool in_quote = false;
  for (char c : cmdline) {
    bool blank = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (blank && !in_quote) {
      if (in_arg) args.push_back(std::move(current));
      current.clear();
      in_arg = false;
      continue;
    }
    in_arg = true;
    if (c == '"') {
      in_quote = !in_quote;
      continue;
    }
    current += c;
  }
  if (in_arg) args.push_back(std::move(current));
  return args;
}

}  // namespace vtune
