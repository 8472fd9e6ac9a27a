# Runs the whole GoogleTest program with its temporary directory (TEST_TMPDIR for GoogleTest,
# TMPDIR for std::filesystem::temp_directory_path) pointed at an empty folder of its own, and
# fails unless the program passes and leaves that folder empty: every scratch file and folder a
# test makes is removed by the end of the run (tests/cpp/scratch_folder.hpp).
#   cmake -DTESTS=<civica_tests> -DWORK_DIR=<folder> -P leaves_nothing_behind.cmake
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env "TEST_TMPDIR=${WORK_DIR}/" "TMPDIR=${WORK_DIR}" "${TESTS}" --gtest_brief=1
  RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "civica_tests failed (${result}):\n${out}")
endif()
file(GLOB_RECURSE left LIST_DIRECTORIES true RELATIVE "${WORK_DIR}" "${WORK_DIR}/*")
if(left)
  list(LENGTH left n)
  list(SUBLIST left 0 20 shown)
  string(REPLACE ";" "\n  " shown "${shown}")
  message(FATAL_ERROR "civica_tests left ${n} files and folders in its temporary directory ${WORK_DIR}:\n  ${shown}")
endif()
file(REMOVE_RECURSE "${WORK_DIR}")
message(STATUS "civica_tests passed and left nothing in ${WORK_DIR}")
