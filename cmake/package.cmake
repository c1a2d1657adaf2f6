# The Debian package (docs/packaging.md): `make deb`, or `cpack -G DEB` in a build directory.
# Two files: vtune_VERSION_ARCH.deb (the stripped binary, rules, profiles, man page,
# completion, systemd units, /etc/default/vtune-check as a conffile) and
# vtune-dbgsym_VERSION_ARCH.ddeb (the binary's debug symbols, found by build id under
# /usr/lib/debug/.build-id). Dependencies are computed by dpkg-shlibdeps (dpkg-dev).
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "vtune")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "audit and tune virtualization, container and web hosts")
set(CPACK_PACKAGE_DESCRIPTION
    "vtune probes a host's hardware and configuration (CPU, NUMA, memory,
NICs, disks, sysctls, Docker, VMware .vmx files) into typed facts, and
compares them with tuning profiles built from rules that each carry a
rationale and a public reference. It reports drift as text, JSON, JUnit,
SARIF or Prometheus metrics, audits snapshots of other hosts offline, and
applies a profile as one journaled transaction that a failure or
`vtune rollback` undoes.

The package ships the stock rules and profiles, vtune(8), bash
completion, vtune-apply.service (re-applies persisted NIC and IRQ
settings at boot) and vtune-check.timer (writes metrics for
node_exporter's textfile collector).")
set(VTUNE_DEB_MAINTAINER "vtune maintainers <maintainers@users.noreply.r-seed-d5f5de5f.example>"
    CACHE STRING "The Maintainer field of the .deb")
set(CPACK_PACKAGE_CONTACT "${VTUNE_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${VTUNE_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION "admin")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_FILE_NAME "DEB-DEFAULT")
# Debian's layout: /usr, and the install step sees CMAKE_INSTALL_PREFIX=/usr with DESTDIR
# set (cmake/install_units.cmake writes the systemd units for that prefix).
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_INSTALL_PREFIX "/usr")  # what CPACK_SET_DESTDIR installs under (not /usr/local)
set(CPACK_SET_DESTDIR ON)
# Shared-library dependencies from dpkg-shlibdeps (libc6, libstdc++6, libgcc-s1, libudev1,
# liburing2, libspdlog1.10, libfmt9 here); the rest is static or header-only.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "bash-completion")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "prometheus-node-exporter, ethtool")
# CPackDeb strips the binary itself (objcopy --strip-unneeded, and a .gnu_debuglink to the
# symbols) and puts the symbols in the -dbgsym package; CPACK_STRIP_FILES must stay off, or
# there would be no symbols left to extract.
set(CPACK_DEBIAN_DEBUGINFO_PACKAGE ON)
# Debug sections compressed (zlib, as dh_strip does) before CPackDeb moves them out; gdb and
# eu-stack read them as they are.
find_program(VTUNE_OBJCOPY objcopy REQUIRED)
set(CPACK_VTUNE_OBJCOPY "${VTUNE_OBJCOPY}")  # CPACK_* reach CPackConfig.cmake
set(CPACK_PRE_BUILD_SCRIPTS "${CMAKE_CURRENT_LIST_DIR}/package_compress_debug.cmake")
set(CPACK_POST_BUILD_SCRIPTS "${CMAKE_CURRENT_LIST_DIR}/package_fix_dbgsym.cmake")
# Hardening as Debian's dpkg-buildflags: relro is the toolchain's default, PIE too; bind now
# is a link flag (so it costs no recompile). _FORTIFY_SOURCE is not set: it is a compile
# flag of every object (docs/packaging.md, lintian hardening-no-fortify-functions).
target_link_options(vtune PRIVATE -Wl,-z,relro -Wl,-z,now)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA "${CMAKE_SOURCE_DIR}/packaging/debian/conffiles")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_PACKAGE_DIRECTORY "${CMAKE_BINARY_DIR}/packages")
include(CPack)
