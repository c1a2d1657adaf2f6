# What `cmake --install` lays out (docs/packaging.md), under PREFIX:
#   bin/vtune
#   share/vtune/rules, share/vtune/profiles     found by the installed binary, relative to it
#   share/man/man8/vtune.8
#   share/bash-completion/completions/vtune
#   lib/systemd/system/vtune-apply.service, vtune-check.service, vtune-check.timer
#   share/doc/vtune/examples/vtune-alerts.yml   the Prometheus alert rules (docs/monitoring.md)
#   /etc/default/vtune-check                    the check timer's settings (a conffile in the .deb)
include(GNUInstallDirs)

# The binary looks for PREFIX/share/vtune relative to its own directory, so an installed tree
# works wherever it is put (`cmake --install build --prefix DIR`, DESTDIR, the .deb's /usr).
file(RELATIVE_PATH VTUNE_BINDIR_TO_DATADIR ${CMAKE_INSTALL_FULL_BINDIR}
     ${CMAKE_INSTALL_FULL_DATADIR}/vtune)
configure_file(${CMAKE_CURRENT_LIST_DIR}/install_dirs.h.in
               ${CMAKE_BINARY_DIR}/generated/vtune_install_dirs.h)

install(TARGETS vtune RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY rules/ DESTINATION ${CMAKE_INSTALL_DATADIR}/vtune/rules)
install(DIRECTORY profiles/ DESTINATION ${CMAKE_INSTALL_DATADIR}/vtune/profiles)

# vtune(8): the hand-written page with the version and date filled in, gzip -9n compressed
# (no timestamp in the gzip header: the same source gives the same bytes), as Debian wants.
string(TIMESTAMP VTUNE_MAN_DATE "%Y-%m-%d" UTC)  # honours SOURCE_DATE_EPOCH
configure_file(packaging/vtune.8.in ${CMAKE_BINARY_DIR}/packaging/vtune.8 @ONLY)
# The Debian changelog, compressed the same way, for /usr/share/doc/vtune.
set(vtune_gz_sources ${CMAKE_BINARY_DIR}/packaging/vtune.8 ${CMAKE_SOURCE_DIR}/packaging/debian/changelog)
set(vtune_gz_outputs ${CMAKE_BINARY_DIR}/packaging/gz/vtune.8.gz
                     ${CMAKE_BINARY_DIR}/packaging/gz/changelog.gz)
find_program(VTUNE_GZIP gzip REQUIRED)
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/packaging/gz)
foreach(source output IN ZIP_LISTS vtune_gz_sources vtune_gz_outputs)
  string(REGEX REPLACE "[.]gz$" "" plain "${output}")
  add_custom_command(OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -E copy ${source} ${plain}
    COMMAND ${VTUNE_GZIP} -9nf ${plain}
    DEPENDS ${source} VERBATIM)
endforeach()
add_custom_target(vtune_man ALL DEPENDS ${vtune_gz_outputs})
install(FILES ${CMAKE_BINARY_DIR}/packaging/gz/vtune.8.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)
install(FILES ${CMAKE_BINARY_DIR}/packaging/gz/changelog.gz packaging/debian/copyright
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES packaging/bash-completion/vtune
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES packaging/prometheus/vtune-alerts.yml
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
# The systemd units: vtune-apply.service re-applies persisted settings at boot
# (docs/persistence.md; `vtune apply --persist` enables it), vtune-check.timer refreshes the
# Prometheus textfile (docs/monitoring.md), with its settings in /etc/default/vtune-check.
# The units name /usr/bin/vtune and /etc/default/vtune-check; the install step
# (cmake/install_units.cmake) rewrites them for the prefix being installed
# (CMAKE_INSTALL_PREFIX at install time: /usr in the .deb, which CPack builds with DESTDIR),
# so a tree installed elsewhere starts its own binary. The settings file goes to /etc for
# the /usr prefix, else to PREFIX/etc (GNUInstallDirs' rule). systemd reads
# PREFIX/lib/systemd/system for /usr and /usr/local only; under another prefix link the
# units into /etc/systemd/system.
set(VTUNE_SYSTEMD_UNIT_DIR "lib/systemd/system" CACHE STRING
    "Where the systemd units go (relative: under the install prefix)")
install(CODE "
set(VTUNE_UNIT_SOURCES [[${CMAKE_SOURCE_DIR}/packaging/vtune-apply.service;${CMAKE_SOURCE_DIR}/packaging/vtune-check.service;${CMAKE_SOURCE_DIR}/packaging/vtune-check.timer]])
set(VTUNE_DEFAULTS_SOURCE [[${CMAKE_SOURCE_DIR}/packaging/default/vtune-check]])
set(VTUNE_UNIT_STAGING [[${CMAKE_BINARY_DIR}/packaging/units]])
set(VTUNE_UNIT_BINDIR [[${CMAKE_INSTALL_BINDIR}]])
set(VTUNE_UNIT_DIR [[${VTUNE_SYSTEMD_UNIT_DIR}]])")
install(SCRIPT ${CMAKE_CURRENT_LIST_DIR}/install_units.cmake)
