# The GUI and the CLI give the same numbers: arbiter-gui runs CONFIG to the end under xvfb-run, saves its
# config (File > Save config) and exports its data (File > Export CSV); `arbiter run` of the saved config
# must write a results.csv identical byte for byte to the GUI's export.
# Variables: XVFB_RUN, GUI, ARBITER, CONFIG, WORK (a scratch folder), FRAMES.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
execute_process(COMMAND ${XVFB_RUN} -a -s "-screen 0 1920x1200x24" ${GUI} ${CONFIG} --screenshot ${WORK}/gui.png
  --frames ${FRAMES} --speed 1000 --save-config ${WORK}/saved.json --export-csv ${WORK}/gui.csv
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "arbiter-gui exited with ${rc}")
endif()
if(NOT err MATCHES "at 100% done")
  message(FATAL_ERROR "the experiment did not finish within ${FRAMES} frames; the comparison needs a complete run")
endif()
execute_process(COMMAND ${ARBITER} run ${WORK}/saved.json -o ${WORK}/cli -f -q RESULT_VARIABLE rc
  OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "arbiter run of the saved config exited with ${rc}: ${out}${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/gui.csv ${WORK}/cli/results.csv RESULT_VARIABLE same)
if(NOT same EQUAL 0)
  message(FATAL_ERROR "the GUI's export ${WORK}/gui.csv differs from arbiter run's ${WORK}/cli/results.csv")
endif()
message("identical results.csv from the GUI and from arbiter run of its saved config")
