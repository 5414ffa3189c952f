# The project's pipeline: raw data -> processed tables -> executed notebooks -> figures.
# `make` (or `make help`) lists the targets. Every target works from a fresh clone.
.DEFAULT_GOAL := help
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:

# Use an active conda environment when there is one (environment.yml); otherwise a local
# .venv built with pip. PYTHON picks the interpreter that builds the .venv.
PYTHON ?= python3
ifdef CONDA_PREFIX
PY := $(CONDA_PREFIX)/bin/python
SETUP_STAMP := .stamp-conda-setup
else
PY := $(CURDIR)/.venv/bin/python
SETUP_STAMP := .venv/.stamp-setup
endif

SRC := $(shell find src/analysis -type f \( -name '*.py' -o -name '*.csv' -o -name '*.yml' -o -name '*.yaml' -o -name '*.json' -o -name '*.skops' -o -name '*.txt' \) 2>/dev/null)
RAW_ARTICLES := $(wildcard data/raw/articles/*)
RAW_DRAFTS := $(wildcard src/analysis/data/drafts/*/*)
RAW_ANNOTATIONS := $(wildcard data/raw/annotations/*.csv data/raw/annotations/double/*.csv)
REAL_ANNOTATIONS := $(wildcard data/raw/annotations/real/*.csv data/raw/annotations/real-eval/*.csv)
# Optional development corpora beside the project (absent on a user's machine: then empty tables).
SHARED_CORPORA := $(wildcard ../shared/corpora/*/*)
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]-*.ipynb))
EXECUTED := $(patsubst notebooks/%.ipynb,build/notebooks/%.ipynb,$(NOTEBOOKS))
PROCESSED := data/processed/articles.parquet data/processed/sentences.parquet data/processed/removed.parquet \
             data/processed/labelled.parquet data/processed/drafts.parquet data/processed/positions.parquet data/processed/history.parquet data/processed/timeline.parquet \
             data/processed/changes.parquet data/processed/claims.parquet data/processed/evaluation.parquet \
             data/processed/corpora_sentences.parquet
# Real-text quality and the PLOVER check need ../shared: they are committed in results/ and
# re-measured by `make data` (or `make results`) only where ../shared is present, when the
# labelers or the evaluation changed (figure code does not count).
RESULTS := results/realeval_metrics.csv results/plover.csv results/open_metrics.csv
RESULTS_SRC := $(filter-out src/analysis/study/plots.py src/analysis/study/summaries.py src/analysis/study/display.py \
               src/analysis/study/notebooks.py src/analysis/study/pipeline.py src/analysis/drafts/% \
               src/analysis/data/drafts/% src/analysis/commands/%,$(SRC))
HAVE_SHARED := $(wildcard ../shared/corpora)

.PHONY: help setup data results figures test model transformer lab clean benchmark

help: ## List the targets (default)
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: $(SETUP_STAMP) ## Install the project (.venv or the active conda env), the notebooks' git output filter and Jupyter kernel
	$(PY) -m analysis.study.notebooks --install-filter --register-kernel

$(SETUP_STAMP): pyproject.toml
ifdef CONDA_PREFIX
	$(PY) -m pip install -e '.[all]'
else
	test -x .venv/bin/python || $(PYTHON) -m venv .venv
	.venv/bin/python -m pip install --upgrade pip
	.venv/bin/python -m pip install -e '.[all]'
endif
	$(PY) -m analysis.study.notebooks --install-filter --register-kernel
	touch $@

data: $(PROCESSED) ## Build data/processed/ from data/raw/ (+ re-measure results/ when ../shared is present)
ifneq ($(HAVE_SHARED),)
	@$(MAKE) --no-print-directory -s MEASURE=1 $(RESULTS)
endif

data/processed/articles.parquet data/processed/sentences.parquet data/processed/removed.parquet &: $(RAW_ARTICLES) $(SRC) | $(SETUP_STAMP)
	$(PY) -m analysis.study.pipeline ingest

data/processed/labelled.parquet: data/processed/sentences.parquet $(SRC) | $(SETUP_STAMP)
	$(PY) -m analysis.study.pipeline label

data/processed/drafts.parquet data/processed/positions.parquet data/processed/history.parquet data/processed/timeline.parquet data/processed/changes.parquet data/processed/claims.parquet &: $(RAW_DRAFTS) data/processed/sentences.parquet $(SRC) | $(SETUP_STAMP)
	$(PY) -m analysis.study.pipeline drafts

data/processed/evaluation.parquet data/processed/test_predictions.parquet data/processed/agreement.parquet &: $(RAW_ANNOTATIONS) $(SRC) | $(SETUP_STAMP)
	$(PY) -m analysis.study.pipeline evaluate

data/processed/corpora_sentences.parquet data/processed/corpora_accounting.parquet &: $(SHARED_CORPORA) $(SRC) | $(SETUP_STAMP)
	$(PY) -m analysis.study.pipeline corpora

# Only `make data` (MEASURE=1) has a rule for results/: `make figures` reads them as committed.
ifeq ($(MEASURE),1)
$(RESULTS) &: $(SHARED_CORPORA) $(RAW_ANNOTATIONS) $(REAL_ANNOTATIONS) $(RESULTS_SRC) | $(SETUP_STAMP)
	$(PY) -m analysis.study.results
endif

results: | $(SETUP_STAMP) ## Re-measure real-text quality and PLOVER into results/ (needs ../shared; commit the files)
	$(PY) -m analysis.study.results

# Independent steps and notebooks run in parallel, one job per core (JOBS=1 for a serial run).
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

figures: | $(SETUP_STAMP) ## Set up if needed, build the data, run every notebook headless, write figures/
	@$(MAKE) --no-print-directory -s -j$(JOBS) $(EXECUTED)

build/notebooks/%.ipynb: notebooks/%.ipynb $(PROCESSED) $(SRC) | $(SETUP_STAMP)
	$(PY) -m analysis.study.notebooks $< --output-dir build/notebooks

build/notebooks/02-labelers.ipynb: $(RESULTS)

model: | $(SETUP_STAMP) ## Retrain the shipped default labeler from data/raw/annotations (reproducible, byte-identical)
	$(PY) -m analysis.study.train

transformer: | $(SETUP_STAMP) ## Fine-tune the optional transformer labeler (needs the [transformer] extra: PyTorch)
	$(PY) -m analysis.study.train --transformer

test: $(SETUP_STAMP) ## Run the test suite
	$(PY) -m pytest

benchmark: | $(SETUP_STAMP) ## Run the speed benchmarks (benchmarks/), results to stdout
	$(PY) benchmarks/bench_labelers.py
	$(PY) benchmarks/bench_corpus.py

lab: | $(SETUP_STAMP) ## Start JupyterLab on notebooks/ with the project's kernel (outputs never reach git)
	$(PY) -m analysis.study.notebooks --install-filter --register-kernel
	$(PY) -m jupyter lab --notebook-dir=notebooks --MappingKernelManager.default_kernel_name=newsstance \
	    --KernelSpecManager.ensure_native_kernel=False \
	    --ContentsManager.pre_save_hook=analysis.study.notebooks.strip_before_save \
	    $(if $(filter 0,$(shell id -u)),--allow-root,)

clean: ## Remove generated data, figures and executed notebooks (keeps the environment)
	rm -rf build data/processed/*.parquet figures/*.svg figures/*.png
