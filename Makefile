# The two commands: `make run` and `make test` (see README.md). Both install what is missing first.
#   make run     build the arbiter CLI for this machine's CPU and run configs/quickstart.json
#   make test    build everything (portable flags) and run the whole test suite through ctest
#   make gui     build arbiter-gui and open it (needs a display)
#   make bench   build the benchmark programs in bench/ (see docs/performance.md)
#   make docs-check  re-run every config whose figures README.md and docs/*.md quote and compare (docs/figures.json)
BUILD ?= build
NATIVE_BUILD ?= build-native
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: run test gui bench deps clean docs-check

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

clean:
	rm -rf $(BUILD) $(NATIVE_BUILD) $(BUILD).configure.log $(NATIVE_BUILD).configure.log
