# Predict-then-reveal on screen: lesson 9 in class mode at 1024x768 does not draw Onsager's curve at prompts 0
# and 1, draws it from prompt 2 on (the lesson's "at_prompt") or once v is pressed; normal mode draws it at once.
# Each run prints the series drawn (`print`) and writes PNGs (*_hidden.png, *_revealed.png beside OUT).
# Variables: XVFB_RUN, GUI, CHECK, CONFIG, OUT.
string(REGEX REPLACE "\\.png$" "_hidden.png" hidden_png ${OUT})
string(REGEX REPLACE "\\.png$" "_revealed.png" revealed_png ${OUT})
get_filename_component(out_dir ${OUT} DIRECTORY)
file(MAKE_DIRECTORY ${out_dir})
file(REMOVE ${OUT} ${hidden_png} ${revealed_png})
set(curve "Onsager \\(L = inf\\)")

# run(NAME SCRIPT EXTRA...): runs the GUI on CONFIG for 40 frames with SCRIPT; its stderr in ${NAME}_err.
function(run name script)
  execute_process(COMMAND ${XVFB_RUN} -a -s "-screen 0 1920x1200x24" ${GUI} ${CONFIG} --screenshot ${OUT} --frames 40
    --size 1024x768 --speed 1 ${ARGN} --script "${script}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  message("${name}:\n${out}${err}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "arbiter-gui exited with ${rc}")
  endif()
  set(${name}_err "${err}" PARENT_SCOPE)
endfunction()

# expect(TEXT FRAME DRAWN): the series drawn at FRAME include the curve (DRAWN true) or not.
function(expect text frame drawn)
  if(NOT text MATCHES "frame ${frame}: series drawn: ([^\n]*)")
    message(FATAL_ERROR "no series printed at frame ${frame}")
  endif()
  set(line "${CMAKE_MATCH_1}")
  if(NOT line MATCHES "L = 128, visited")
    message(FATAL_ERROR "frame ${frame}: the C(T) points are not drawn: ${line}")
  endif()
  if(drawn AND NOT line MATCHES "${curve}")
    message(FATAL_ERROR "frame ${frame}: Onsager's curve is not drawn: ${line}")
  elseif(NOT drawn AND line MATCHES "${curve}")
    message(FATAL_ERROR "frame ${frame}: Onsager's curve is drawn before the reveal: ${line}")
  endif()
endfunction()

# The key: hidden at prompts 0 and 1, shown once v is pressed.
run(key "20 print; 20 shot ${hidden_png}; 21 key pagedown; 25 print; 26 key v; 30 print; 30 shot ${revealed_png}"
  --class)
expect("${key_err}" 20 FALSE)
expect("${key_err}" 25 FALSE)
expect("${key_err}" 30 TRUE)
# The prompt: shown when the lesson reaches prompt 2 (counted from 0).
run(prompt "21 key pagedown; 25 print; 26 key pagedown; 30 print" --class)
expect("${prompt_err}" 25 FALSE)
expect("${prompt_err}" 30 TRUE)
# Normal mode withholds nothing.
run(normal "20 print")
expect("${normal_err}" 20 TRUE)

foreach(png ${hidden_png} ${revealed_png} ${OUT})
  execute_process(COMMAND ${CHECK} ${png} 1024 768 RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "screenshot check failed for ${png}")
  endif()
endforeach()
