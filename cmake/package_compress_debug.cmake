# CPACK_PRE_BUILD_SCRIPTS of cmake/package.cmake: runs after CPack installed into its staging
# directory, before CPackDeb splits the debug symbols into the -dbgsym package. Compresses the
# binary's debug sections in place (the installed symbols take a third of the space), and
# drops .comment (the compiler's version string), as dh_strip does.
file(GLOB_RECURSE staged LIST_DIRECTORIES false "${CPACK_TEMPORARY_DIRECTORY}/*/bin/vtune")
if(NOT staged)
  message(FATAL_ERROR "package_compress_debug: no bin/vtune under ${CPACK_TEMPORARY_DIRECTORY}")
endif()
foreach(binary IN LISTS staged)
  execute_process(COMMAND "${CPACK_VTUNE_OBJCOPY}" --compress-debug-sections=zlib
                          --remove-section=.comment "${binary}"
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "objcopy --compress-debug-sections failed on ${binary}")
  endif()
endforeach()
