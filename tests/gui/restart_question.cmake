# The confirmation before Reset wipes the C(T) points, on screen: the Physics preset builds two points (hot,
# then cold), `r` opens the question (screenshot taken), Cancel keeps the points, `r` and Reset wipe them.
# Variables: XVFB_RUN, GUI, CHECK, CONFIG, OUT (the end PNG; the question's PNG beside it as *_question.png).
string(REGEX REPLACE "\\.png$" "_question.png" question_png ${OUT})
get_filename_component(out_dir ${OUT} DIRECTORY)
file(MAKE_DIRECTORY ${out_dir})
file(REMOVE ${OUT} ${question_png})
set(script "40 click hot; 100 click cold; 160 print; 161 key r; 166 shot ${question_png}; 166 print; 167 click Cancel")
string(APPEND script "; 175 print; 176 key r; 181 click Reset; 190 print")
execute_process(COMMAND ${XVFB_RUN} -a -s "-screen 0 1920x1200x24" ${GUI} ${CONFIG} --screenshot ${OUT} --frames 195
  --size 1024x768 --speed 1000 --script "${script}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "arbiter-gui exited with ${rc}")
endif()
foreach(expect "frame 160: restart question not shown, C\\(T\\) points [2-9]"
               "frame 166: restart question shown, C\\(T\\) points [2-9]"
               "frame 175: restart question not shown, C\\(T\\) points [2-9]"
               "frame 190: restart question not shown, C\\(T\\) points 0\n")
  if(NOT err MATCHES "${expect}")
    message(FATAL_ERROR "expected a line matching \"${expect}\"")
  endif()
endforeach()
foreach(png ${question_png} ${OUT})
  execute_process(COMMAND ${CHECK} ${png} 1024 768 RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "screenshot check failed for ${png}")
  endif()
endforeach()
