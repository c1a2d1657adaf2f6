#!/bin/bash
# Prints the paths of the .deb and its -dbgsym package in BUILD_DIR/packages (one a line),
# running `cpack -G DEB` first when either is missing or older than the binary or any file
# that goes into them. Used by package.deb_install and package.lintian, after the build
# (vtune and vtune_man, which ALL builds).
#
#   fresh_deb.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
src=$2
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
arch=$(dpkg --print-architecture)
deb=$build/packages/vtune_${version}_${arch}.deb
dbgsym=$build/packages/vtune-dbgsym_${version}_${arch}.ddeb
stale=no
if [[ ! -f $deb || ! -f $dbgsym ]]; then
  stale=yes
else
  newer=$(find "$build/vtune" "$build/packaging/gz" "$src/packaging" "$src/rules" "$src/profiles" \
    "$src/cmake" -newer "$deb" -print -quit)
  [[ -n $newer ]] && stale=yes
fi
if [[ $stale == yes ]]; then
  echo "building the .deb (cpack -G DEB in $build)" >&2
  (cd "$build" && cpack -G DEB >&2)
fi
echo "$deb"
echo "$dbgsym"
