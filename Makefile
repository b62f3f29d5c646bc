# make run  — start zwgk on http://127.0.0.1:8000 with the embedded SQLite database
# make test — run the tests on SQLite, then again on PostgreSQL when it answers
# make bench — run every benchmark in benchmarks/

VENV := .venv
PY := $(VENV)/bin/python
PG_URL := $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/test)

.PHONY: run test bench

$(PY):
	python3 -m venv $(VENV)

$(VENV)/.installed-base: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

run: $(VENV)/.installed-base
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_builtin_schemes
	@echo "zwgk 启动中：http://127.0.0.1:8000/  （Ctrl+C 停止）"
	@$(PY) manage.py ensure_demo_users
	$(VENV)/bin/waitress-serve --listen=127.0.0.1:8000 zwgk.project.wsgi:application

test: $(VENV)/.installed
	env -u DATABASE_URL $(VENV)/bin/pytest
	@if $(PY) -c 'import sys, psycopg; psycopg.connect(sys.argv[1], connect_timeout=3).close()' '$(PG_URL)' 2>/dev/null; then \
		echo "PostgreSQL 可用，在 $(PG_URL) 上再运行一次测试"; \
		DATABASE_URL='$(PG_URL)' $(VENV)/bin/pytest; rc=$$?; \
		if [ $$rc -ne 0 ] && [ $$rc -ne 5 ]; then exit $$rc; fi; \
	else \
		echo "PostgreSQL 未响应（$(PG_URL)），跳过 PostgreSQL 测试"; \
	fi

bench: $(VENV)/.installed
	@for f in benchmarks/*.py; do echo "== $$f"; $(PY) $$f || exit 1; done
