#pragma once
// Splitting the kernel command line into arguments, the way the kernel itself does.
#include <string>
#include <string_view>
#include <vector>

namespace vtune {

// Splits on whitespace; double quotes group ("acpi_osi=\"Windows 2015\"" stays one argument)
// and are removed, as the kernel's next_arg() hands the value to the parameter without them.
// An unterminated quote runs to the end of the line, as it does in the kernel.
std::vector<std::string> split_cmdline(std::string_view cmdline);

}  // namespace vtune
