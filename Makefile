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
	@$(PY) manage.py load_demo
	@$(PY) manage.py ensure_demo_users
	@echo "zwgk 启动中：http://127.0.0.1:8000/  （Ctrl+C 停止）"
	@# The task queue (reminders, webhooks) runs beside the web server and stops with it.
	@$(PY) manage.py run_huey --quiet & trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/waitress-serve --listen=127.0.0.1:8000 --threads=8 zwgk.project.wsgi:application

test: $(VENV)/.installed browser-deps
	env -u DATABASE_URL $(VENV)/bin/pytest
	@if $(PY) -c 'import sys, psycopg; psycopg.connect(sys.argv[1], connect_timeout=3).close()' '$(PG_URL)' 2>/dev/null; then \
		echo "PostgreSQL 可用，在 $(PG_URL) 上再运行一次测试"; \
		DATABASE_URL='$(PG_URL)' $(VENV)/bin/pytest; rc=$$?; \
		if [ $$rc -ne 0 ] && [ $$rc -ne 5 ]; then exit $$rc; fi; \
	else \
		echo "PostgreSQL 未响应（$(PG_URL)），跳过 PostgreSQL 测试"; \
	fi

# The browser tests (tests/browser) drive Debian's chromium and need a CJK font to
# render Chinese; install both when missing, and stay silent when they are there.
.PHONY: browser-deps
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || [ -z "$$(fc-list :lang=zh 2>/dev/null)" ]; then \
		echo "安装浏览器测试所需的 chromium 与 fonts-noto-cjk"; \
		SUDO=; if [ "$$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk; \
	fi

bench: $(VENV)/.installed
	@for f in benchmarks/*.py; do echo "== $$f"; $(PY) $$f || exit 1; done
