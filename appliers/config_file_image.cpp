#include "appliers/config_file_image.h"

namespace vtune {

Result<FileImage> capture_file_image(const HostFs& fs, const std::string& path) {
  FileImage image{path, false, {}, 0644};
  Result<FileMode> mode = fs.mode(path);
  if (!mode) {
    if (mode.error().err == ENOENT) return image;
    return mode.error();
  }
  if (mode->kind == EntryKind::Link)
    return errno_error("refusing to rewrite a symbolic link:", fs.describe(path), ELOOP);
  if (mode->kind != EntryKind::File)
    return errno_error("not a regular file:", fs.describe(path), EINVAL);
  Result<std::string> text = fs.read_file(path);
  if (!text) return text.error();
  image.existed = true;
  image.bytes = std::move(*text);
  image.mode = mode->perms;
  return image;
}

Result<void> restore_file_image(HostFs* fs, const HostFs& reader, const FileImage& image) {
  if (!fs) return errno_error("restore", reader.describe(image.path), EROFS);
  if (image.existed) return fs->replace_file(image.path, image.bytes, image.mode);
  Result<void> gone = fs->remove(image.path);
  if (!gone && gone.error().err != ENOENT) return gone;
  return {};
}

}  // namespace vtune
