# The two commands a new machine needs: `make report` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SAMPLE := samples/caspian-port.en.txt
SAMPLE_REF := $(wildcard samples/caspian-port.ref.en.txt)

.PHONY: report test lint bench bench-quick clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# The MT stack for back-translation tests: both backends (mt: CTranslate2 + sentencepiece;
# mt-convert: + transformers and torch). torch is installed first, pinned to the CPU build on these
# machines: an unpinned `torch` would pull a multi-GB CUDA build.
$(BIN)/.installed-mt: $(BIN)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev,mt,mt-convert,dask]' torch==2.13.0
	touch $@

REF_OPT := $(if $(SAMPLE_REF),--reference $(SAMPLE_REF))

## Check the sample article against its reference and write reports/caspian-port.{txt,json,html}
report: $(BIN)/.installed
	mkdir -p reports
	$(BIN)/tqcheck check $(SAMPLE) $(REF_OPT) --format json --fail-on never -o reports/caspian-port.json
	$(BIN)/tqcheck check $(SAMPLE) $(REF_OPT) --fail-on never -o reports/caspian-port.txt
	$(BIN)/tqcheck check $(SAMPLE) $(REF_OPT) --format html \
		-o reports/caspian-port.html || [ $$? -eq 1 ]  # the page shows the real gate: exit 1 is a result
	cat reports/caspian-port.txt

## The whole test suite (with the MT stack, so the back-translation tests run)
test: $(BIN)/.installed-mt
	$(BIN)/python -m pytest

lint: $(BIN)/.installed
	$(BIN)/ruff check tqcheck tests benchmarks
	$(BIN)/ruff format --check tqcheck tests benchmarks
	$(BIN)/mypy tqcheck

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/bench_check.py

## Every benchmark's quick mode (seconds each): a smoke test that fails when a benchmark breaks
bench-quick: $(BIN)/.installed-mt
	@failed=""; for b in benchmarks/bench_*.py; do \
		echo "== $$b --quick"; \
		$(BIN)/python $$b --quick || failed="$$failed $$b"; \
	done; \
	if [ -n "$$failed" ]; then echo "bench-quick failed:$$failed" >&2; exit 1; fi

clean:
	rm -rf $(VENV) reports/*.json reports/*.txt reports/*.html reports/*.png .pytest_cache .mypy_cache .ruff_cache
