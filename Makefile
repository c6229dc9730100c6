# ska: one GNU Makefile. `make run` and `make test` are the two commands.
# Variants build into their own directory: build/ (gcc, -O2) and build/asan
# (clang with ASan+UBSan). Targets: all run test unit http browser asan fuzz
# check bench clean.

B       ?= build
CC      ?= cc
PKGS     = libmicrohttpd sqlite3 jansson libsodium libcmark-gfm xlsxwriter libcurl \
           libzip expat
OPT     ?= -O2
WARN     = -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes -Wvla \
           -Wpointer-arith -Wmissing-prototypes -Wno-missing-field-initializers
WERROR  ?= -Werror
CFLAGS  += -std=c17 $(OPT) -g $(WARN) $(WERROR) -D_GNU_SOURCE -Isrc -Isrc/lib \
           $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(SAN) $(EXTRA)
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null) \
           -lcmark-gfm-extensions -lcsv -lm -lpthread
LDFLAGS += $(SAN)

LIB_SRC  = $(wildcard src/lib/*.c src/core/*.c src/store/*.c src/web/*.c) \
           $(filter-out src/cli/main.c,$(wildcard src/cli/*.c))
LIB_OBJ  = $(LIB_SRC:%.c=$(B)/%.o) $(B)/asset_data.o
ASSETS   = $(shell find assets src/store/schema -type f | LC_ALL=C sort)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
DB      ?= var/ska.db
LISTEN  ?= 127.0.0.1:8080

.PHONY: all run test unit cli http browser asan asan-unit asan-http fuzz fuzz-bins fuzz-run check bench bench-indicators bench-cases bench-management deps clean
all: $(B)/ska $(UNIT_BIN)

deps:
	@scripts/deps.sh

$(B)/%.o: %.c
	@mkdir -p $(@D)
	@echo "CC $@"
	@$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/embed: tools/embed.c
	@mkdir -p $(@D)
	cc -O1 -o $@ $<

# assets/ keeps its paths ("css/ska.css"); migrations become "schema/N.sql".
$(B)/asset_data.c: $(B)/embed $(ASSETS)
	$(B)/embed $@ -s assets/ $(filter assets/%,$(ASSETS)) \
	  -s src/store/ $(filter src/store/%,$(ASSETS))

$(B)/asset_data.o: $(B)/asset_data.c
	$(CC) $(CFLAGS) -Wno-missing-prototypes -c -o $@ $<

$(B)/libska.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(B)/ska: $(B)/src/cli/main.o $(B)/libska.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/tests/%: tests/unit/%.c $(B)/libska.a tests/t.h
	@mkdir -p $(@D)
	@echo "LINK $@"
	@$(CC) $(CFLAGS) -Itests -o $@ $< $(B)/libska.a $(LDFLAGS) $(LDLIBS)

unit: $(UNIT_BIN)
	@tests/run-unit.sh $(UNIT_BIN)

run: deps
	@$(MAKE) --no-print-directory all
	@mkdir -p var
	@if [ ! -f $(DB) ]; then $(B)/ska init --db $(DB) && $(B)/ska demo --db $(DB); \
	else $(B)/ska init --db $(DB) && $(B)/ska demo --logins; fi
	@$(B)/ska serve --db $(DB) --listen $(LISTEN)

ASAN_VARS = B=build/asan CC=clang OPT=-O1 EXTRA=-DARENA_DEBUG \
  SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
asan:
	@$(MAKE) --no-print-directory $(ASAN_VARS) all

http: all
	@SKA_BIN=$(B)/ska tests/http/run.sh
	@SKA_BIN=$(B)/ska tests/http/sso.sh
	@SKA_BIN=$(B)/ska tests/http/cases.sh
	@SKA_BIN=$(B)/ska tests/http/actions.sh
	@SKA_BIN=$(B)/ska tests/http/notify.sh
	@SKA_BIN=$(B)/ska tests/http/settings.sh
	@SKA_BIN=$(B)/ska tests/http/attachments.sh
	@SKA_BIN=$(B)/ska tests/http/ind_import.sh
	@SKA_BIN=$(B)/ska tests/http/indicators.sh
	@SKA_BIN=$(B)/ska tests/http/processes.sh
	@SKA_BIN=$(B)/ska tests/http/documents.sh
	@SKA_BIN=$(B)/ska tests/http/requirements.sh
	@SKA_BIN=$(B)/ska tests/http/status.sh

browser: all
	@SKA_BIN=$(B)/ska node tests/browser/run.mjs
	@SKA_BIN=$(B)/ska node tests/browser/cases.mjs
	@SKA_BIN=$(B)/ska node tests/browser/processes.mjs
	@SKA_BIN=$(B)/ska node tests/browser/documents.mjs
	@SKA_BIN=$(B)/ska node tests/browser/status.mjs
	@SKA_BIN=$(B)/ska node tests/browser/risk_matrix.mjs

# Every suite; each prints "N passed, N failed" lines CI reads.
TEST_SUITES ?= unit asan-unit cli http asan-http check fuzz-run browser
test: deps
	@$(MAKE) --no-print-directory all
	@for t in $(TEST_SUITES); do $(MAKE) --no-print-directory $$t || exit 1; done

cli: all
	@SKA_BIN=$(B)/ska tests/cli/spc.sh
	@SKA_BIN=$(B)/ska tests/cli/import.sh
	@SKA_BIN=$(B)/ska tests/cli/admin.sh

asan-unit: asan
	@$(MAKE) --no-print-directory $(ASAN_VARS) unit

asan-http: asan
	@$(MAKE) --no-print-directory $(ASAN_VARS) http

# libFuzzer targets: tests/fuzz/fuzz_<name>.c, corpus in tests/fuzz/corpus/<name>/.
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_SECONDS ?= 5
FUZZ_SAN = -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all -fno-omit-frame-pointer
fuzz:
	@$(MAKE) --no-print-directory B=build/fuzz CC=clang OPT=-O1 WERROR= SAN="$(FUZZ_SAN)" fuzz-bins

fuzz-bins: $(FUZZ_SRC:tests/fuzz/%.c=$(B)/fuzz/%)

$(B)/fuzz/%: tests/fuzz/%.c $(B)/libska.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -fsanitize=fuzzer -o $@ $< $(B)/libska.a $(LDLIBS)

# Replays the committed corpus, then fuzzes each target for FUZZ_SECONDS.
fuzz-run: fuzz
	@tests/fuzz/run.sh build/fuzz $(FUZZ_SECONDS)

check:
	@tools/checksrc.sh

# Not part of test: a 300-unit, 20,000-user organisation under wrk; figures in
# bench/README.md.
bench: all
	@SKA_BIN=$(B)/ska bench/run.sh

# SPC over 100,000 series per chart type, the 1,000-indicator dashboard and
# the 1,000,000-row import; figures in bench/README.md ("Indicators").
bench-indicators: all
	@SKA_BIN=$(B)/ska bench/indicators.sh

# 1,000,000 cases: filtered list, full-text search, report submission with
# wrk; figures in bench/README.md ("Cases").
bench-cases: all
	@SKA_BIN=$(B)/ska bench/cases.sh

# 50,000 controlled documents with 5 versions each and 5,000 processes:
# document search; figures in bench/README.md ("Management system").
bench-management: all
	@SKA_BIN=$(B)/ska bench/management.sh

clean:
	rm -rf build

-include $(shell find $(B) -name '*.d' 2>/dev/null)
