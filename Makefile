# The two commands a person needs: `make serve` and `make test`. Each installs what is
# missing (scripts/toolchain.sh) and skips what is present.
.PHONY: serve serve-resolver test check bench bench-resolve bench-python build python fixtures fuzz

serve:
	bash scripts/serve.sh

# The page plus the short-link resolver on http://127.0.0.1:8787 (set it under "Short links").
serve-resolver:
	bash scripts/serve.sh --with-resolver

test:
	bash scripts/test.sh

# The inner loop, a minute or two: formatting, clippy and core's tests (no page, no browser).
check:
	cargo fmt --all --check
	cargo clippy -q -p pinsheet-core -p pinsheet-cli --all-targets -- -D warnings
	cargo test -q -p pinsheet-core

bench:
	bash scripts/bench.sh

# Only the resolving figures of `make bench` (the CLI's --resolve, with and without its cache).
bench-resolve:
	bash scripts/bench_resolve.sh

# The Python package: its wheel in target/wheels/, installed into the test venv (target/py).
python:
	bash -c 'source scripts/toolchain.sh && python_tools && build_wheel'

# Only the Python package's figures of `make bench` (rows/s against regex peers; Spark).
bench-python:
	bash scripts/bench_python.sh

# The release page in dist/, for hosting anywhere static.
build:
	bash -c 'source scripts/toolchain.sh && build_web'

# Regenerates tests/fixtures/{libreoffice,hostile} (needs LibreOffice).
fixtures:
	bash tests/fixtures/make_fixtures.sh

# Fuzzes the extractor (10 minutes a target; FUZZ_SECONDS=60 for a short run). Not in CI.
fuzz:
	bash scripts/fuzz.sh
