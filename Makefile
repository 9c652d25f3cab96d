# The two commands: `make run` and `make test` (see README.md). Both install what is missing first.
#   make run     build the arbiter CLI for this machine's CPU and run configs/quickstart.json
#   make test    build everything (portable flags) and run the whole test suite through ctest
#   make gui     build arbiter-gui and open it (needs a display)
#   make bench   build the benchmark programs in bench/ (see docs/performance.md)
#   make docs-check  re-run every config whose figures README.md and docs/*.md quote and compare (docs/figures.json)
#   make sanitize  build the unit tests with AddressSanitizer and UBSan and run them (not the long or gui ones)
BUILD ?= build
NATIVE_BUILD ?= build-native
SANITIZE_BUILD ?= build-sanitize
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: run test gui bench sanitize deps clean docs-check

deps:
	@bash scripts/install-deps.sh

# configure DIR FLAGS: configures quietly, showing the log only when it fails.
define configure
	@cmake -S . -B $(1) -DCMAKE_BUILD_TYPE=Release $(2) $(CMAKE_FLAGS) > $(1).configure.log 2>&1 || \
	  (cat $(1).configure.log; exit 1)
endef

run: deps
	$(call configure,$(NATIVE_BUILD),-DARBITER_NATIVE=ON)
	@cmake --build $(NATIVE_BUILD) -j $(JOBS) --target arbiter
	@./$(NATIVE_BUILD)/arbiter run configs/quickstart.json --force

test: deps
	$(call configure,$(BUILD),)
	@cmake --build $(BUILD) -j $(JOBS)
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

gui: deps
	$(call configure,$(NATIVE_BUILD),-DARBITER_NATIVE=ON)
	@cmake --build $(NATIVE_BUILD) -j $(JOBS) --target arbiter-gui
	@./$(NATIVE_BUILD)/gui/arbiter-gui

bench: deps
	@bash scripts/install-deps.sh --bench
	$(call configure,$(NATIVE_BUILD),-DARBITER_NATIVE=ON)
	@cmake --build $(NATIVE_BUILD) -j $(JOBS)
	@echo "benchmarks built in $(NATIVE_BUILD)/bench/; the commands behind each figure are in docs/performance.md"

docs-check: deps
	$(call configure,$(BUILD),)
	@cmake --build $(BUILD) -j $(JOBS) --target arbiter
	@/usr/bin/python3 scripts/docs_check.py --arbiter $(BUILD)/arbiter --out $(BUILD)/docs-check

# Sanitizers: any finding fails the test that made it. ccache is used when it is installed. Only the unit-test
# binaries are built (the long reproductions and the GUI are left to the normal build).
SANITIZE_TESTS := arbiter test_core test_agents test_envs test_econ test_econ_mixed_logit test_physics \
  test_experiments test_apps test_reliability test_config_fuzz test_ml
SANITIZE_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
sanitize: deps
	$(call configure,$(SANITIZE_BUILD),-DARBITER_GUI=OFF -DARBITER_BENCH=OFF -DARBITER_MPI=OFF \
	  -DCMAKE_CXX_FLAGS="$(SANITIZE_FLAGS)" -DCMAKE_EXE_LINKER_FLAGS="$(SANITIZE_FLAGS)" \
	  $(if $(shell command -v ccache),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache))
	@cmake --build $(SANITIZE_BUILD) -j $(JOBS) --target $(SANITIZE_TESTS)
	@cd $(SANITIZE_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) -LE 'long|gui|mpi|docs' -E '_NOT_BUILT'

clean:
	rm -rf $(BUILD) $(NATIVE_BUILD) $(SANITIZE_BUILD) $(BUILD).configure.log $(NATIVE_BUILD).configure.log \
	  $(SANITIZE_BUILD).configure.log
