#pragma once
// Replacing a report file so that readers see either the old or the new content, never a
// partial one: what `vtune check --output` needs when node_exporter or a CI job reads the
// file at any moment. There is one implementation of the atomic replace,
// HostFs::replace_file; this names it for a path on the live host.
#include <string>
#include <string_view>

#include "engine/core/result.h"

namespace vtune {

// Replaces `path` (relative to the working directory, or absolute) with `text` through
// HostFs::replace_file on "/": temporary file, fsync, rename, fsync of the directory. On
// failure `path` is untouched and no temporary file is left. The file has mode 0644 (these
// reports are not secret and other daemons read them).
Result<void> write_file_atomically(const std::string& path, std::string_view text);

}  // namespace vtune
