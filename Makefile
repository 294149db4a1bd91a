# zelftest — the five-principles self-test.
#
#   make run         install what is missing, build, serve on http://127.0.0.1:$(PORT)/ (Ctrl-C stops)
#   make test        install what is missing, build, run every test
#   make help        all targets
#
# Plain GNU make; libraries through pkg-config (Debian 12 packages).

SHELL      := /bin/bash
PORT       ?= 8080
BUILD      ?= build
SANITIZE   ?=
VAR        ?= $(CURDIR)/var
CC         ?= cc

PKGS       := fcgi jansson hiredis libmaxminddb libsodium libcurl
PKG_CFLAGS  = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS    = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)

WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror
HARDEN   := -fstack-protector-strong -fPIE
CFLAGS   ?= -O2 -g
ifeq ($(SANITIZE),)
HARDEN   += -D_FORTIFY_SOURCE=2
else
CFLAGS   := -O1 -g -fno-omit-frame-pointer -fsanitize=$(SANITIZE) -fno-sanitize-recover=all
LDFLAGS  += -fsanitize=$(SANITIZE)
endif
ALL_CFLAGS  = -std=c11 -D_GNU_SOURCE $(WARN) $(HARDEN) $(CFLAGS) -pthread -MMD -MP $(PKG_CFLAGS) -Ifcgi
ALL_LDFLAGS = -pie -Wl,-z,relro,-z,now -pthread $(LDFLAGS)

LIB_SRC    := $(wildcard fcgi/*/*.c)
LIB_OBJ    := $(LIB_SRC:fcgi/%.c=$(BUILD)/obj/%.o)
BIN        := $(BUILD)/zelftest
UNIT_SRC   := $(wildcard tests/unit/*/test_*.c)
UNIT_BIN   := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

FORMAT_SRC  = fcgi/*.c fcgi/*/*.[ch] tests/unit/*.h tests/unit/*/*.c tests/fuzz/*.c

export ZELFTEST_BIN := $(CURDIR)/$(BIN)

.PHONY: all help deps deps-build deps-test build run start stop test test-unit test-fuzz-replay test-integration \
        test-browser test-asan test-docker fuzz bench format format-check check-content check-layers lint clean

all: build

help:
	@echo "make run            install, build, serve on http://127.0.0.1:\$$PORT/ (default 8080); Ctrl-C stops"
	@echo "make start / stop   the same in the background / stop it"
	@echo "make test           install, build, unit + integration + browser tests"
	@echo "make test-asan      the same under AddressSanitizer and UndefinedBehaviorSanitizer"
	@echo "make test-docker    build the images (debootstrap, no registry), run the stack with podman, smoke-test it"
	@echo "make bench          throughput and latency figures (wrk through nginx)"
	@echo "make fuzz           run the libFuzzer targets for a while (clang)"
	@echo "make format-check   clang-format check;  make format  rewrites"
	@echo "make check-layers   fail on an #include that breaks the layer table (README, Module map)"
	@echo "make lint           ESLint and Prettier over web/ and the JavaScript tests"
	@echo "make check-content  validate the files in questions/ without starting, and how they read (plain language)"
	@echo "make clean          remove build output and var/"

# ---- installing what is missing (Debian 12, as root) ----
deps-build:
	@scripts/deps.sh build
deps:
	@scripts/deps.sh run
deps-test:
	@scripts/deps.sh test

# ---- building ----
build: deps-build $(BIN)

$(BUILD)/obj/%.o: fcgi/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# the Redis function library is compiled into the program (fcgi/store/lua.c)
$(BUILD)/obj/store/lua.o: fcgi/store/zelftest.lua

$(BIN): $(LIB_OBJ) $(BUILD)/obj/main.o
	$(CC) $^ -o $@ $(ALL_LDFLAGS) $(PKG_LIBS) -lm

# A unit test links the whole library; a test that fakes a libc call says so here.
$(BUILD)/tests/http/test_server: TEST_LDFLAGS := -Wl,--wrap=calloc
$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit $< $(LIB_OBJ) -o $@ $(ALL_LDFLAGS) $(TEST_LDFLAGS) $(PKG_LIBS) $(CMOCKA_LIBS) -lm

check-content: build
	@$(BIN) --check
	@node tools/content/check.js
	@node tools/content/check.js --self-test

check-layers:
	@scripts/check-layers.sh

lint: deps-test
	@tools/lint/run.sh

# ---- running ----
run: deps build
	@ZELFTEST_MAIL_CATCHER=1 ZELFTEST_SUPERVISE=1 scripts/stack.sh run "$(VAR)" "$(PORT)"

start: deps build
	@ZELFTEST_MAIL_CATCHER=1 ZELFTEST_SUPERVISE=1 scripts/stack.sh start "$(VAR)" "$(PORT)"

stop:
	@scripts/stack.sh stop "$(VAR)"

# ---- testing ----
test: deps-test build $(UNIT_BIN)
	@scripts/check-layers.sh --self-test
	@$(MAKE) --no-print-directory check-layers check-content lint test-unit test-fuzz-replay test-integration test-browser

test-unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done

test-fuzz-replay:
	@echo "== fuzz targets: seeds and past crashers"
	@tests/fuzz/run.sh --replay

test-integration: $(BIN)
	@tests/integration/run.sh

test-browser: $(BIN)
	@tests/browser/run.sh

# one integration file at a time: three stacks of 128 instrumented workers on
# two cores starve their Redis past the program's command timeout
test-asan:
	@TEST_JOBS=1 $(MAKE) --no-print-directory BUILD=build-asan SANITIZE=address,undefined test

# the containers: images from Debian's packages, the stack with podman, the smoke flow (docker/)
test-docker:
	@scripts/deps.sh docker
	@node --test --test-reporter=spec tests/docker/

fuzz: deps-test
	@tests/fuzz/run.sh

bench: deps-test build
	@tests/bench/run.sh

format:
	clang-format -i $(FORMAT_SRC)

format-check:
	clang-format --dry-run --Werror $(FORMAT_SRC)

clean:
	rm -rf build build-* var tests/browser/artifacts

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/obj/*/*.d $(BUILD)/tests/*/*.d)
