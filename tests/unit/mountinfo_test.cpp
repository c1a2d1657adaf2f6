#include <doctest/doctest.h>

#include "probes/mountinfo.h"

using namespace vtune;

TEST_CASE("mountinfo: the proc(5) example line, field by field") {
  std::string reason;
  auto m = parse_mountinfo_line(
      "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue", &reason);
  REQUIRE(m);
  CHECK(m->mount_id == 36);
  CHECK(m->parent_id == 35);
  CHECK(m->major == 98);
  CHECK(m->minor == 0);
  CHECK(m->root == "/mnt1");
  CHECK(m->mount_point == "/mnt2");
  CHECK(m->mount_options == std::vector<std::string>{"rw", "noatime"});
  CHECK(m->optional_fields == std::vector<std::string>{"master:1"});
  CHECK(m->fs_type == "ext3");
  CHECK(m->source == "/dev/root");
  CHECK(m->super_options == std::vector<std::string>{"rw", "errors=continue"});
}

TEST_CASE("mountinfo: zero or several optional fields") {
  auto none = parse_mountinfo_line("24 22 0:22 / /proc rw,nosuid - proc proc rw", nullptr);
  REQUIRE(none);
  CHECK(none->optional_fields.empty());
  CHECK(none->fs_type == "proc");
  auto two = parse_mountinfo_line(
      "40 22 0:40 / /mnt rw shared:7 master:3 propagate_from:2 - tmpfs tmpfs rw", nullptr);
  REQUIRE(two);
  CHECK(two->optional_fields ==
        std::vector<std::string>{"shared:7", "master:3", "propagate_from:2"});
}

TEST_CASE("mountinfo: octal escapes in paths are decoded") {
  auto m = parse_mountinfo_line(
      "50 22 8:17 /data\\011dir /mnt/my\\040disk\\134x rw - ext4 /dev/disk\\040one rw", nullptr);
  REQUIRE(m);
  CHECK(m->root == "/data\tdir");
  CHECK(m->mount_point == "/mnt/my disk\\x");
  CHECK(m->source == "/dev/disk one");
  // A backslash without three octal digits after it is kept as it is.
  CHECK(decode_octal_escapes("a\\09b\\") == "a\\09b\\");
  CHECK(decode_octal_escapes("\\101\\102") == "AB");
}

TEST_CASE("mountinfo: malformed and truncated lines are reported and skipped") {
  std::string_view text =
      "22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw\n"
      "23 22 0:21 / /sys rw,nosuid shared:2 - sysfs\n"  // truncated after the type
      "\n"
      "24 22 0:22 / /proc rw,nosuid shared:12 proc proc rw\n"  // no separator
      "x 22 0:5 / /dev rw - devtmpfs udev rw\n"
      "25 22 0:x / /dev rw - devtmpfs udev rw\n"
      "26 22 0:23 / /dev/pts rw - devpts devpts rw";  // no final newline
  MountTable t = parse_mountinfo(text);
  REQUIRE(t.mounts.size() == 2);
  CHECK(t.mounts[0].mount_point == "/");
  CHECK(t.mounts[1].mount_point == "/dev/pts");
  REQUIRE(t.errors.size() == 4);
  CHECK(t.errors[0].line == 2);
  CHECK(t.errors[0].reason == "expected at least 10 fields, found 9");
  CHECK(t.errors[1].line == 4);
  CHECK(t.errors[1].reason == "no '-' separator before the filesystem type");
  CHECK(t.errors[2].line == 5);
  CHECK(t.errors[3].line == 6);
  CHECK(t.errors[3].reason == "device '0:x' is not major:minor");
}

TEST_CASE("mountinfo: lowerdir splits on ':' but not on an escaped colon") {
  CHECK(split_lowerdir("/l/a:/l/b:/l/c") == std::vector<std::string>{"/l/a", "/l/b", "/l/c"});
  CHECK(split_lowerdir("/l/a\\:b:/l/c") == std::vector<std::string>{"/l/a:b", "/l/c"});
  // \072 is a colon the kernel escaped: part of the name, never a boundary.
  CHECK(split_lowerdir("/l/x\\072y:/l/z") == std::vector<std::string>{"/l/x:y", "/l/z"});
  // An escaped backslash ends the layer name; the colon after it still separates.
  CHECK(split_lowerdir("/l/a\\134:/l/b") == std::vector<std::string>{"/l/a\\", "/l/b"});
  CHECK(split_lowerdir("/l/with\\040space") == std::vector<std::string>{"/l/with space"});
  CHECK(split_lowerdir("").empty());
  CHECK(split_lowerdir("::/l/a::") == std::vector<std::string>{"/l/a"});
}

TEST_CASE("mountinfo: overlay mounts count their lower layers") {
  auto m = parse_mountinfo_line(
      "412 64 0:52 / /var/lib/docker/overlay2/abc/merged rw,relatime shared:201 - overlay "
      "overlay rw,lowerdir=/o/l/A:/o/l/B\\:2:/o/l/C,upperdir=/o/abc/diff,workdir=/o/abc/"
      "work,nouserxattr",
      nullptr);
  REQUIRE(m);
  auto o = overlay_of(*m);
  REQUIRE(o);
  CHECK(o->mount_point == "/var/lib/docker/overlay2/abc/merged");
  CHECK(o->lower_dirs == std::vector<std::string>{"/o/l/A", "/o/l/B:2", "/o/l/C"});
  CHECK(o->upper_dir == "/o/abc/diff");
  CHECK(o->work_dir == "/o/abc/work");

  auto plus = parse_mountinfo_line(
      "413 64 0:53 / /m rw - overlay overlay ro,lowerdir+=/a,lowerdir+=/b\\054c,lowerdir+=/d",
      nullptr);
  REQUIRE(plus);
  auto op = overlay_of(*plus);
  REQUIRE(op);
  CHECK(op->lower_dirs == std::vector<std::string>{"/a", "/b,c", "/d"});
  CHECK(op->upper_dir.empty());

  auto ext4 = parse_mountinfo_line("22 1 259:2 / / rw - ext4 /dev/nvme0n1p2 rw", nullptr);
  REQUIRE(ext4);
  CHECK_FALSE(overlay_of(*ext4));
}

TEST_CASE("overlay: an empty lowerdir+= names no layer (fuzz finding, kept in the corpus)") {
  // tests/fuzz/corpus/mountinfo/empty-lowerdir-plus
  std::optional<MountInfo> m =
      parse_mountinfo_line("3 2 0:7 t / / - overlay o lowerdir+=", nullptr);
  REQUIRE(m);
  std::optional<OverlayMount> o = overlay_of(*m);
  REQUIRE(o);
  CHECK(o->lower_dirs.empty());
  CHECK(o->data_dirs.empty());
}

TEST_CASE("overlay: kernel 6.8 lowerdir+= and datadir+= options, one per layer") {
  // ovl_show_options prints each layer added with the new mount API as its own option,
  // escaped by seq_show_option (',' as \054).
  std::optional<MountInfo> m = parse_mountinfo_line(
      "36 25 0:40 / /merged rw,relatime - overlay overlay rw,lowerdir+=/l/L1,"
      "lowerdir+=/l/with\\054comma,lowerdir+=/l/L3,datadir+=/d/D1,upperdir=/u,workdir=/w",
      nullptr);
  REQUIRE(m);
  std::optional<OverlayMount> o = overlay_of(*m);
  REQUIRE(o);
  CHECK(o->lower_dirs == std::vector<std::string>{"/l/L1", "/l/with,comma", "/l/L3"});
  CHECK(o->data_dirs == std::vector<std::string>{"/d/D1"});
  CHECK(o->upper_dir == "/u");
}

TEST_CASE("overlay: '::' in lowerdir starts the data-only layers") {
  LowerdirLayers split = split_lowerdir_layers("/l1:/l2::/do1::/do2");
  CHECK(split.lower == std::vector<std::string>{"/l1", "/l2"});
  CHECK(split.data == std::vector<std::string>{"/do1", "/do2"});
  std::optional<MountInfo> m = parse_mountinfo_line(
      "36 25 0:40 / /m rw - overlay overlay rw,lowerdir=/l1:/l2::/do1,upperdir=/u,workdir=/w",
      nullptr);
  REQUIRE(m);
  std::optional<OverlayMount> o = overlay_of(*m);
  REQUIRE(o);
  CHECK(o->lower_dirs.size() == 2);
  CHECK(o->data_dirs == std::vector<std::string>{"/do1"});
}
