# newsloom: one Makefile for set-up, demo, tests, quality and benchmarks.
VENV     ?= .venv
PYTHON   ?= python3
PY       := $(VENV)/bin/python
EXTRAS   ?= dev,nlp,embeddings,spark
STAMP    := $(VENV)/.installed-$(subst $(comma),-,$(EXTRAS))
comma    := ,
SHARED   ?= ../shared
OUT      ?= out/demo

.PHONY: install demo test quality format bench clean constraints

# pyproject.toml declares compatible ranges; constraints.txt holds the exact tested versions.
$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[$(EXTRAS)]' -c constraints.txt
	touch $@

# After a deliberate upgrade in the venv: record the versions the tests now pass with.
constraints:
	{ sed -n '1,3p' constraints.txt; $(PY) -m pip freeze --exclude-editable | grep -vi '^newsloom' \
	  | sed -e 's/^\(torch==[^+]*\)+cpu$$/\1/'; } > constraints.txt.new && mv constraints.txt.new constraints.txt

install: $(STAMP)

demo: install
	$(VENV)/bin/newsloom analyze examples/ --out $(OUT) || test $$? -eq 1
	@echo "Report written to $(OUT)/report.html (also report.json, report.md)"

test: install
	$(VENV)/bin/pytest

quality: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy src

format: install
	$(VENV)/bin/ruff check --fix src tests bench
	$(VENV)/bin/ruff format src tests bench

bench: install
	$(PY) -m bench --shared $(SHARED)

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
