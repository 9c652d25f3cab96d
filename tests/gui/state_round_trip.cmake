# A shared state round-trips: arbiter-gui runs CONFIG to the end under xvfb-run and writes its state text
# (--save-state, as File > Copy state) and its data (--export-csv); the text must be one line with a "gui"
# object; `arbiter run` of the text saved to a file must write a results.csv identical to the GUI's export; and
# the text with another prompt, opened with --state, must be written back unchanged.
# Variables: XVFB_RUN, GUI, ARBITER, CONFIG, WORK (a scratch folder), FRAMES.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(xvfb ${XVFB_RUN} -a -s "-screen 0 1920x1200x24")
execute_process(COMMAND ${xvfb} ${GUI} ${CONFIG} --screenshot ${WORK}/gui.png --frames ${FRAMES} --speed 1000
  --save-state ${WORK}/state.txt --export-csv ${WORK}/gui.csv RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "arbiter-gui exited with ${rc}")
endif()
if(NOT err MATCHES "at 100% done")
  message(FATAL_ERROR "the experiment did not finish within ${FRAMES} frames; the comparison needs a complete run")
endif()
file(READ ${WORK}/state.txt text)
string(REGEX REPLACE "\n$" "" text "${text}")
if(text MATCHES "\n")
  message(FATAL_ERROR "the state text is more than one line")
endif()
if(NOT text MATCHES "\"gui\":{\"lesson\":\"02_bandit_baseline.json\",\"prompt\":0,\"tab\":\"Bandit\"}")
  message(FATAL_ERROR "the state text does not say where the lecturer is: ${text}")
endif()

execute_process(COMMAND ${ARBITER} run ${WORK}/state.txt -o ${WORK}/cli -f -q RESULT_VARIABLE rc
  OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "arbiter run of the state text exited with ${rc}: ${out}${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/gui.csv ${WORK}/cli/results.csv RESULT_VARIABLE same)
if(NOT same EQUAL 0)
  message(FATAL_ERROR "the GUI's export ${WORK}/gui.csv differs from arbiter run's ${WORK}/cli/results.csv")
endif()
message("identical results.csv from the GUI and from arbiter run of its state text")

# state text -> GUI -> state text, at the third prompt (File > Paste state and --state restore the same way).
string(REPLACE "\"prompt\":0" "\"prompt\":2" moved "${text}")
execute_process(COMMAND ${xvfb} ${GUI} --state "${moved}" --screenshot ${WORK}/state.png --frames 5
  --save-state ${WORK}/state2.txt RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "arbiter-gui --state exited with ${rc}")
endif()
file(READ ${WORK}/state2.txt back)
string(REGEX REPLACE "\n$" "" back "${back}")
if(NOT back STREQUAL moved)
  message(FATAL_ERROR "the state text changed on its way through the GUI:\n${moved}\n${back}")
endif()
message("the state text came back unchanged from arbiter-gui --state")
