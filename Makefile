# Thin wrappers; `make check` is what CI runs (.ci/run).
.PHONY: build test lint fmt vectors check error-codes bench

build:
	swift build --explicit-target-dependency-import-check=error -Xswiftc -warnings-as-errors

test:
	swift test --explicit-target-dependency-import-check=error -Xswiftc -warnings-as-errors

lint:
	swift format lint --strict -r Sources Tests

fmt:
	swift format format -i -r Sources Tests

vectors:
	MAESTRO_REQUIRE_VECTORS=1 swift test

check:
	bash .ci/run

error-codes:
	python3 scripts/error-codes.py

bench:
	scripts/bench-policy.sh
