#pragma once
// /proc/self/mountinfo, as proc(5) describes it:
//   36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
//   (1)(2) (3)   (4)   (5)      (6)      (7)   (8) (9)   (10)         (11)
// The kernel escapes space, tab, newline and backslash in paths as octal (\040, \011, \012,
// \134); the parser decodes them. Pure functions: text in, structs out.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vtune {

struct MountInfo {
  int64_t mount_id = 0;
  int64_t parent_id = 0;
  uint32_t major = 0;
  uint32_t minor = 0;
  std::string root;                          // decoded
  std::string mount_point;                   // decoded
  std::vector<std::string> mount_options;    // per-mount: "rw", "relatime", ...
  std::vector<std::string> optional_fields;  // "shared:1", "master:2", ...
  std::string fs_type;
  std::string source;                      // decoded
  std::vector<std::string> super_options;  // per-superblock, still escaped (see overlay_of)
};

struct MountInfoLineError {
  uint32_t line = 0;  // 1-based
  std::string reason;
};

struct MountTable {
  std::vector<MountInfo> mounts;
  // Lines that could not be parsed; they are skipped, never guessed at.
  std::vector<MountInfoLineError> errors;
};

MountTable parse_mountinfo(std::string_view text);
// One line without its newline; the reason on failure.
std::optional<MountInfo> parse_mountinfo_line(std::string_view line, std::string* reason);

// Decodes the kernel's \NNN octal escapes; a backslash not followed by three octal digits
// stays as it is.
std::string decode_octal_escapes(std::string_view s);

struct OverlayMount {
  std::string mount_point;
  std::vector<std::string> lower_dirs;  // merged lower layers, top-most first, decoded
  // Data-only lower layers (kernel 6.5+: "lowerdir=a:b::d1::d2", or "datadir+=d1" one per
  // option from 6.8): they hold file data for metacopy/verity, not directory entries, and
  // are kept apart from the merged layers.
  std::vector<std::string> data_dirs;
  std::string upper_dir;  // empty for a read-only overlay
  std::string work_dir;
};

// The overlay view of a mount whose fs type is "overlay"; nullopt for any other mount.
std::optional<OverlayMount> overlay_of(const MountInfo& m);
// Splits an overlay lowerdir value on ':' into layers. "\:" is a colon inside a layer name
// (the escape overlayfs itself accepts), and octal escapes are decoded in each layer. Empty
// segments are never layers.
std::vector<std::string> split_lowerdir(std::string_view value);

// The same, with data-only layers apart: everything after the first "::" is data-only
// (Documentation/filesystems/overlayfs.rst, "Data-only lower layers").
struct LowerdirLayers {
  std::vector<std::string> lower;
  std::vector<std::string> data;
};
LowerdirLayers split_lowerdir_layers(std::string_view value);

}  // namespace vtune
