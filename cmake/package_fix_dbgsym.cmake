# CPACK_POST_BUILD_SCRIPTS of cmake/package.cmake: repairs the -dbgsym package CPack 3.25
# writes. Its md5sums names the .debug file by CPack's absolute staging path (dpkg --verify
# and lintian's md5sums-lists-nonexistent-file), the .debug file is executable, and it has no
# /usr/share/doc entry (lintian's no-copyright-file and no-changelog): rebuilt with relative
# md5sums, mode 0644 and usr/share/doc/vtune-dbgsym -> vtune, as dh_strip and
# dh_installdocs make a Debian dbgsym package.
# It runs before CPack copies the packages to CPACK_PACKAGE_DIRECTORY: they are still in the
# directories of CPACK_PACKAGE_FILES.
set(ddebs "")
foreach(package IN LISTS CPACK_PACKAGE_FILES)
  get_filename_component(dir "${package}" DIRECTORY)
  file(GLOB found "${dir}/*-dbgsym_*.ddeb")
  list(APPEND ddebs ${found})
endforeach()
list(REMOVE_DUPLICATES ddebs)
if(NOT ddebs)
  message(FATAL_ERROR "package_fix_dbgsym: no -dbgsym package next to ${CPACK_PACKAGE_FILES}")
endif()
foreach(ddeb IN LISTS ddebs)
  set(tree "${CPACK_PACKAGE_DIRECTORY}/_dbgsym_fix")
  file(REMOVE_RECURSE "${tree}")
  execute_process(COMMAND dpkg-deb -R "${ddeb}" "${tree}" COMMAND_ERROR_IS_FATAL ANY)
  file(GLOB_RECURSE debug_files LIST_DIRECTORIES false RELATIVE "${tree}" "${tree}/usr/*")
  set(md5sums "")
  foreach(f IN LISTS debug_files)
    file(CHMOD "${tree}/${f}" PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
    file(MD5 "${tree}/${f}" sum)
    string(APPEND md5sums "${sum}  ${f}\n")
  endforeach()
  file(WRITE "${tree}/DEBIAN/md5sums" "${md5sums}")
  file(MAKE_DIRECTORY "${tree}/usr/share/doc")
  file(CREATE_LINK "${CPACK_PACKAGE_NAME}" "${tree}/usr/share/doc/${CPACK_PACKAGE_NAME}-dbgsym"
       SYMBOLIC)
  execute_process(COMMAND dpkg-deb --root-owner-group -Zgzip -b "${tree}" "${ddeb}"
                  OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)
  file(REMOVE_RECURSE "${tree}")
endforeach()
