#pragma once
// Replacing a file so that readers see either the old or the new content, never a partial
// one: what `vtune check --output` needs when node_exporter or a CI job reads the file at any
// moment. The temporary file lives in the destination's directory, so the rename cannot
// cross filesystems.
#include <string>
#include <string_view>

#include "engine/core/result.h"

namespace vtune {

// Writes `text` to a temporary file next to `path`, fsyncs it, renames it over `path` and
// fsyncs the directory. On failure the temporary file is removed and `path` is untouched.
// The new file has mode 0644 (these reports are not secret and other daemons read them).
Result<void> write_file_atomically(const std::string& path, std::string_view text);

}  // namespace vtune
