#pragma once
// Before-images of the configuration files the config-file appliers rewrite (daemon.json,
// a .vmx, vtune's modprobe.d file): taken before a write, put back byte for byte by restore.
#include <string>

#include "appliers/applier.h"

namespace vtune {

// The file as it is now: its bytes and permission bits, or existed = false when it is
// missing. A symbolic link is refused (ELOOP): the appliers replace regular files only, and
// an image could not put a link back.
Result<FileImage> capture_file_image(const HostFs& fs, const std::string& path);

// Writes the image back through `fs` (atomically, with its mode), or removes the file when
// it did not exist (a file already gone is fine). `fs` null is a read-only run: EROFS.
Result<void> restore_file_image(HostFs* fs, const HostFs& reader, const FileImage& image);

}  // namespace vtune
