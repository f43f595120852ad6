# The two commands a user needs (see README.md):
#   make demo   set up, build, and run a real study on a MATPOWER case
#   make test   set up, build, and run the whole test suite
# and what CI runs after them (.ci/run):
#   make test-asan  the unit tests built with AddressSanitizer and UBSan (the asan-ubsan preset)
PRESET ?= dev
GAT := build/$(PRESET)/apps/gat/gat
DEMO_OUT ?= out/demo

.PHONY: setup configure build demo test test-asan bench clean

setup:
	scripts/setup

configure: setup
	cmake --preset $(PRESET) >/dev/null

build: configure
	cmake --build --preset $(PRESET)

demo: configure
	cmake --build --preset $(PRESET) --target gat
	$(GAT) inspect summary case2383wp
	$(GAT) pf dc case2383wp -o $(DEMO_OUT)/dc --runs-dir $(DEMO_OUT)/runs
	$(GAT) pf ac case2383wp --q-limits -o $(DEMO_OUT)/ac --runs-dir $(DEMO_OUT)/runs
	@echo "Tables written to $(DEMO_OUT)/"

test: build
	ctest --preset $(PRESET) -j2

test-asan: setup
	cmake --preset asan-ubsan >/dev/null
	cmake --build --preset asan-ubsan --target gat_unit_tests
	ctest --preset asan-ubsan -L unit -j2

clean:
	rm -rf build out
