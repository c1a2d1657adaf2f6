# Install-time half of cmake/install.cmake: installs the systemd units and
# /etc/default/vtune-check for the prefix being installed. Runs inside cmake_install.cmake,
# where CMAKE_INSTALL_PREFIX is this install's prefix (`--prefix DIR`, or /usr under CPack).
foreach(dir_var VTUNE_UNIT_BINDIR VTUNE_UNIT_DIR)
  if(NOT IS_ABSOLUTE "${${dir_var}}")
    set(${dir_var} "${CMAKE_INSTALL_PREFIX}/${${dir_var}}")
  endif()
endforeach()
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(sysconf "/etc")
else()
  set(sysconf "${CMAKE_INSTALL_PREFIX}/etc")
endif()

# file(INSTALL) honours DESTDIR and records each file in install_manifest.txt.
file(MAKE_DIRECTORY "${VTUNE_UNIT_STAGING}")
foreach(source IN LISTS VTUNE_UNIT_SOURCES)
  get_filename_component(name "${source}" NAME)
  file(READ "${source}" text)
  string(REPLACE "/usr/bin/vtune" "${VTUNE_UNIT_BINDIR}/vtune" text "${text}")
  string(REPLACE "/etc/default/vtune-check" "${sysconf}/default/vtune-check" text "${text}")
  file(WRITE "${VTUNE_UNIT_STAGING}/${name}" "${text}")
  file(INSTALL DESTINATION "${VTUNE_UNIT_DIR}" TYPE FILE
       PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
       FILES "${VTUNE_UNIT_STAGING}/${name}")
endforeach()
file(INSTALL DESTINATION "${sysconf}/default" TYPE FILE
     PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
     FILES "${VTUNE_DEFAULTS_SOURCE}")
