# The course's commands. `make lab` and `make test` are the whole set-up (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# GPU=1 (Linux x86-64 with an NVIDIA driver): the CUDA build of TensorFlow instead of tensorflow-cpu.
GPU    ?=
STAMP  := $(VENV)/.installed-stamp$(if $(GPU),-gpu)
OTHER_STAMP := $(VENV)/.installed-stamp$(if $(GPU),,-gpu)
# JupyterLab refuses to run as root (containers, Codespaces) unless told to.
LAB_FLAGS ?= $(if $(filter 0,$(shell id -u)),--allow-root --no-browser)
# The course's JupyterLab settings (jupyter/settings/overrides.json: no news pop-up on first start).
LAB_SETTINGS := --LabApp.app_settings_dir=$(CURDIR)/jupyter/settings
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))

export TF_CPP_MIN_LOG_LEVEL ?= 2
export PYTHONHASHSEED ?= 0

NBVAL_FLAGS := --nbval-lax --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg \
               --nbval-cell-timeout=1200 -p no:cacheprovider -p tests.nbval_keep

.PHONY: venv lab test lint unit notebooks book clean help lock

help:
	@echo "make lab    - set up .venv (first time) and start JupyterLab in notebooks/"
	@echo "make test   - set up .venv, lint (ruff), run the unit tests and every notebook (quick mode) under nbval"
	@echo "             (GPU=1 with either: the CUDA build of TensorFlow, Linux x86-64 + NVIDIA driver)"
	@echo "make lock   - re-resolve requirements.lock (and requirements-gpu.lock) from requirements.txt"
	@echo "make book   - execute every notebook in full mode into build/executed/"
	@echo "make slides - offline reveal.js slides with outputs in build/slides/ (needs npm once)"
	@echo "make student - student copies without solutions in build/student/"
	@echo "make results - run the whole course in full mode and regenerate docs/RESULTS.md"
	@echo "make seeds  - the seed study: the course in full mode under 3 seeds, table in docs/RESULTS.md"
	@echo "make bench  - numpy vs Keras/TensorFlow timings, added to docs/RESULTS.md"
	@echo "make sweep  - lesson 06's settings from v1's test-scored trials, checked on validation (docs/SWEEPS.md)"
	@echo "make sweep-08 - lesson 08's mini-ResNet recipe, chosen on validation (docs/SWEEPS-08.md)"
	@echo "make sweep-08-epochs - lesson 08's epochs, chosen on validation (docs/SWEEPS-08-EPOCHS.md)"
	@echo "make sweep-08-book - lesson 08's book CNN: shifts and schedule on validation (docs/SWEEPS-08-BOOK.md)"
	@echo "make sweep-08-schedule - lesson 08's mini-ResNet: warm-up and cosine floor on validation (docs/SWEEPS-08-SCHEDULE.md)"
	@echo "make sweep-08-fewer-epochs - lesson 08's epochs, second round, on validation (docs/SWEEPS-08-FEWER-EPOCHS.md)"
	@echo "make time-08  - lesson 08's full run, v1 and this version back to back (docs/TIME-08.md)"
	@echo "make site   - the course website in build/site/ (+ build/course-site.zip) from make results' runs"

# Bootstrap: create .venv if missing, install the exact versions of requirements.lock (checked by
# their hashes) and lessons_lib (editable). Re-running reuses the environment; it reinstalls only
# when the lock or pyproject.toml change, or when GPU=1 is switched on or off. With GPU=1, both
# TensorFlow builds install into the same tensorflow/ folder, so one leaves before the other comes.
$(STAMP): requirements.lock requirements-gpu.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	if [ -e $(OTHER_STAMP) ]; then $(BIN)/python -m pip uninstall --quiet -y tensorflow tensorflow-cpu; rm -f $(OTHER_STAMP); fi
	$(if $(GPU),$(BIN)/python -m pip uninstall --quiet -y tensorflow tensorflow-cpu)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(if $(GPU),$(BIN)/python -m pip uninstall --quiet -y tensorflow-cpu)
	$(if $(GPU),$(BIN)/python -m pip install --quiet --require-hashes -r requirements-gpu.lock)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

venv: $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(LAB_SETTINGS) $(LAB_FLAGS)

test: lint unit notebooks site-test

# Files held to the v2 style (88-character lines, ruff-clean; CONTRIBUTING.md, "Slides show
# teaching"): the v2 lessons (those with a tests/v2/lesson_NN.py) and the modules written or
# rewritten for v2. A lesson's modules join the list when the lesson is redone.
V2_NOTEBOOKS := $(foreach n,$(patsubst tests/v2/lesson_%.py,%,$(wildcard tests/v2/lesson_[0-9][0-9].py)),$(wildcard notebooks/$(n)_*.ipynb))
LINT_PATHS := $(V2_NOTEBOOKS) tests/v2 \
              lessons_lib/checks.py lessons_lib/exercises.py lessons_lib/progress.py \
              lessons_lib/initialization.py lessons_lib/neurons.py lessons_lib/optimizers.py \
              lessons_lib/regularization.py \
              tools/save.py tools/sweep.py tools/sweep_08.py tools/sweep_08_epochs.py tools/sweep_08_book.py tools/sweep_08_schedule.py tools/sweep_08_fewer_epochs.py tools/bench_08_book.py tests/browser.py tests/test_checks.py tests/test_progress.py \
              tests/test_protocol.py tests/test_shown_code.py tests/test_slide_fit.py \
              tests/test_sweep.py tests/test_sweep_08.py tests/test_sweep_08_epochs.py tests/test_sweep_08_book.py tests/test_sweep_08_schedule.py tests/test_sweep_08_fewer_epochs.py tests/test_sweep_reports.py tests/test_bench_08_book.py tests/sweep_testing.py tests/test_v2_lessons.py \
              tools/time_08.py tests/test_time_08.py tests/test_quoted_results.py

lint: $(STAMP)
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)

unit: $(STAMP)
	LESSONS_QUICK=1 MPLBACKEND=Agg $(BIN)/python -m pytest tests --ignore=tests/site

# nbval keeps what it ran in build/test-executed/ (tests/nbval_keep.py) for site-test below.
notebooks: $(STAMP)
	LESSONS_QUICK=1 LESSONS_STRICT_CHECKS=1 $(BIN)/python -m pytest $(NBVAL_FLAGS) $(NOTEBOOKS)

book: $(STAMP)
	mkdir -p build/executed
	for nb in $(NOTEBOOKS); do \
	  echo "== $$nb (full mode)"; \
	  LESSONS_STRICT_CHECKS=1 $(BIN)/jupyter nbconvert --to notebook --execute \
	    --ExecutePreprocessor.timeout=3600 --output-dir build/executed $$nb || exit 1; \
	done

clean:
	rm -rf build

# The semester's lock: every package pinned with its hashes, resolved once for Linux, macOS and
# Windows on Python 3.10-3.13 from requirements.txt's ranges (newest inside each), by uv, which is
# installed into build/uv (not into .venv). Commit both lock files after running it.
UV := build/uv/bin/uv
UV_COMPILE := $(UV) pip compile --quiet --upgrade --universal --generate-hashes --python-version 3.10
lock:
	test -x $(UV) || ($(PYTHON) -m venv build/uv && build/uv/bin/python -m pip install --quiet "uv>=0.5,<1")
	$(UV_COMPILE) requirements.txt -o requirements.lock
	$(UV_COMPILE) requirements-gpu.txt -c requirements.lock -o requirements-gpu.lock

# --- results and benchmarks (issue 9; tools/results.py, tools/bench.py) ---
.PHONY: results bench seeds sweep sweep-08 sweep-08-epochs sweep-08-book sweep-08-schedule sweep-08-fewer-epochs time-08
# make results                     run every notebook (full mode), write docs/RESULTS.md
# make results ARGS="--only 03,07" rerun some lessons; ARGS=--no-execute only rebuilds the table
# LESSONS_QUICK=1 make results     quick mode; the table goes to build/RESULTS-quick.md
results: $(STAMP)
	$(BIN)/python tools/results.py $(ARGS)

# make seeds: the seed study. The course in full mode under seed offsets 0, 1, 2 (LESSONS_SEED),
# offset 0 into build/ (the main table), the others into build/seeds/seed-k/; docs/RESULTS.md gets
# a "Seed study" section (median, min, max per result; goals judged on the median). About two
# hours on 2 cores; not run by CI. ARGS="--only 01,02" reruns some lessons under every seed.
# Both keep the records and timings behind docs/RESULTS.md in docs/results-data/ (commit it with
# the table) and restore from it what build/ lacks, so --only works on a clean clone too.
seeds: $(STAMP)
	$(BIN)/python tools/results.py --seeds 3 $(ARGS)

# make bench: numpy vs Keras/TensorFlow timings, appended to docs/RESULTS.md (not part of make test)
bench: $(STAMP)
	$(BIN)/python tools/bench.py $(ARGS)

# make sweep: lesson 06's settings that v1 picked on test accuracy, each varied alone and scored
# on the validation split (tools/sweep.py; about an hour; not run by CI). Writes docs/SWEEPS.md;
# ARGS="--only first.epochs" runs some factors, ARGS=--fresh ignores the runs already recorded.
sweep: $(STAMP)
	$(BIN)/python tools/sweep.py $(ARGS)

# make sweep-08: lesson 08's mini-ResNet recipe (dropout, weight decay, label smoothing, peak
# rate), each changed alone from v1's and scored on the validation split (tools/sweep_08.py;
# 5 runs, about an hour; not run by CI). Writes docs/SWEEPS-08.md.
sweep-08: $(STAMP)
	$(BIN)/python tools/sweep_08.py $(ARGS)

# make sweep-08-epochs: lesson 08's book CNN and mini-ResNet at their epochs and at fewer,
# scored on the validation split; the fewest epochs that tie is chosen (tools/sweep_08_epochs.py;
# about 25 min; not run by CI). Writes docs/SWEEPS-08-EPOCHS.md.
sweep-08-epochs: $(STAMP)
	$(BIN)/python tools/sweep_08_epochs.py $(ARGS)

# make sweep-08-book: lesson 08's book CNN without its random shifts, and with the book's
# constant rate instead of cosine decay, scored on the validation split; the simpler value wins a
# tie (tools/sweep_08_book.py; 3 runs, about 25 min; not run by CI). Writes docs/SWEEPS-08-BOOK.md.
sweep-08-book: $(STAMP)
	$(BIN)/python tools/sweep_08_book.py $(ARGS)

# make sweep-08-schedule: lesson 08's mini-ResNet without its one-epoch warm-up, and with a cosine
# down to 0 instead of 1% of the peak, scored on the validation split; a tie drops the warm-up and
# keeps the 1% floor (tools/sweep_08_schedule.py; 3 runs, 30 to 45 min; not run by CI).
# Writes docs/SWEEPS-08-SCHEDULE.md.
sweep-08-schedule: $(STAMP)
	$(BIN)/python tools/sweep_08_schedule.py $(ARGS)

# make sweep-08-fewer-epochs: the second round of sweep-08-epochs, with the lesson's current
# recipes: the book CNN at 12 and 14 epochs, the mini-ResNet at 10 and 12, scored on the validation
# split; the fewest epochs that tie is chosen (tools/sweep_08_fewer_epochs.py; 4 runs, 10 to 40 min;
# not run by CI). Writes docs/SWEEPS-08-FEWER-EPOCHS.md.
sweep-08-fewer-epochs: $(STAMP)
	$(BIN)/python tools/sweep_08_fewer_epochs.py $(ARGS)

# make time-08: lesson 08 in full mode, v1 (a git worktree) and this commit, one after the other;
# the ratio of their wall times goes to docs/TIME-08.md, and the pair to docs/TIME-08.json, which
# keeps every pair (tools/time_08.py; about an hour; not in CI). ARGS=--this-first: this commit first
time-08: $(STAMP)
	$(BIN)/python tools/time_08.py $(ARGS)

# --- Slides and student copies (issue 8) -------------------------------------------------------
.PHONY: slides student

# Offline reveal.js decks with outputs, solutions left out: executes each notebook (full mode
# unless LESSONS_QUICK=1) and writes build/slides/NN_*.slides.html + index.html. The first run
# fetches reveal.js, require.js, jQuery and MathJax with `npm pack` (needs npm) into build/slides/.
# After `make results`: `make slides SLIDES_FLAGS=--reuse-executed` reuses build/executed/ runs
# that match the notebook and the mode instead of running them again.
SLIDES_FLAGS ?=
slides: $(STAMP)
	$(BIN)/python tools/slides.py --out build/slides $(SLIDES_FLAGS)

# Student copies: every `solution` cell replaced by a `# your code here` stub, in build/student/.
student: $(STAMP)
	$(BIN)/python tools/student.py --out build/student

# --- Course website (issue 15; tools/course_site.py) ---------------------------------------------
.PHONY: site site-test

# The site from executed notebooks; it never runs them. After `make results` (full mode, it fills
# build/executed/): `make site` writes build/site/ and build/course-site.zip. It stops with a
# message when an executed notebook is missing, failed, or is older than its notebook.
# A quick preview: LESSONS_QUICK=1 LESSONS_BUILD_DIR=build/quick make results
#                  make site EXECUTED=build/quick/executed SITE_FLAGS=--allow-quick
# The first build fetches MathJax/reveal.js and the Korean web font with `npm pack` (needs npm).
EXECUTED ?= build/executed
SITE ?= build/site
SITE_FLAGS ?=
site: $(STAMP)
	$(BIN)/python tools/course_site.py --executed $(EXECUTED) --out $(SITE) $(SITE_FLAGS)

# The site tests (part of `make test`, after `make notebooks`): a site built from the quick runs
# nbval just made, its pages, links and anchors, and the browser test in Chromium.
site-test: $(STAMP)
	LESSONS_QUICK=1 $(BIN)/python -m pytest tests/site
