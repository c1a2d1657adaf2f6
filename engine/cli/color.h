#pragma once
// Whether an output stream gets ANSI colour: --color always|never, or auto (the default):
// only on a terminal, and never when NO_COLOR is set to anything but "" (no-color.org).
#include <string>

namespace vtune::cli {

inline constexpr const char* kColorModes[] = {"auto", "always", "never"};

// `fd` is the stream the text goes to (STDOUT_FILENO, STDERR_FILENO).
bool use_color(const std::string& mode, int fd);

}  // namespace vtune::cli
