# Runs `meshsim run FILE --quiet --trace` twice, in two processes (different heap addresses
# under ASLR, so address-dependent order would show), and compares the trace files byte for
# byte. With -DOTHER_SEED=N it then runs once more with --seed N and requires a different trace.
# Usage: cmake -DMESHSIM=... -DFILE=... -DOUT=... [-DOTHER_SEED=N] -P run_twice.cmake
foreach(i 1 2)
  execute_process(COMMAND ${MESHSIM} run ${FILE} --quiet --trace ${OUT}.${i}.jsonl
                  RESULT_VARIABLE code OUTPUT_QUIET)
  if(code GREATER 1)
    message(FATAL_ERROR "meshsim run ${FILE} exited ${code}")
  endif()
endforeach()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT}.1.jsonl ${OUT}.2.jsonl
                RESULT_VARIABLE differ)
if(differ)
  message(FATAL_ERROR "two processes wrote different traces for ${FILE}: ${OUT}.1.jsonl ${OUT}.2.jsonl")
endif()
if(DEFINED OTHER_SEED)
  execute_process(COMMAND ${MESHSIM} run ${FILE} --quiet --seed ${OTHER_SEED} --trace ${OUT}.3.jsonl
                  RESULT_VARIABLE code OUTPUT_QUIET)
  if(code GREATER 1)
    message(FATAL_ERROR "meshsim run ${FILE} --seed ${OTHER_SEED} exited ${code}")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT}.1.jsonl ${OUT}.3.jsonl
                  RESULT_VARIABLE differ)
  if(NOT differ)
    message(FATAL_ERROR "seed ${OTHER_SEED} wrote the same trace as the scenario's seed for ${FILE}")
  endif()
  file(REMOVE ${OUT}.3.jsonl)
endif()
file(REMOVE ${OUT}.1.jsonl ${OUT}.2.jsonl)
